package dev.movies.replica;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * PostgreSQL streaming replicas that serve read-only transactions
 * ({@code movies.replicas.*}; the environment's {@code DB_REPLICA_URLS} etc.). With no
 * URL nothing changes: one pool, the primary.
 *
 * @param urls JDBC URLs of the replicas (empty: every query goes to the primary)
 * @param username login on the replicas; the primary's
 * ({@code spring.datasource.username}) when empty
 * @param password password on the replicas; the primary's when empty
 * @param maxLag a replica further behind the primary than this is left out until it
 * catches up
 * @param checkInterval how often each replica's state and lag are measured
 * @param poolSize connections per replica
 * @param connectionTimeout how long a read waits for a replica connection before it moves
 * on to another replica or the primary
 */
@Validated
@ConfigurationProperties("movies.replicas")
public record ReplicaProperties(
		@DefaultValue List<@Pattern(regexp = "jdbc:postgresql:.+",
				message = "must be a jdbc:postgresql: URL") String> urls,
		String username, String password, @DefaultValue("5s") @NotNull Duration maxLag,
		@DefaultValue("1s") @NotNull Duration checkInterval, @DefaultValue("16") @Min(1) int poolSize,
		@DefaultValue("1s") @NotNull Duration connectionTimeout) {

	/** The URLs given, blanks dropped (an empty environment variable means none). */
	public List<String> replicaUrls() {
		return this.urls.stream().map(String::strip).filter((url) -> !url.isEmpty()).toList();
	}

}
