package dev.movies.system;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one request without the admin key may cost ({@code movies.limits.*}).
 *
 * @param maxRequestBody the largest body such a request may send (413 beyond): a query
 * needs a few kilobytes; catalogue imports are admin operations with their own limits
 * @param queryTimeout how long each of its database statements may run before it is
 * cancelled and the request answered 503: no single search may hold a connection and a
 * core for minutes
 */
@Validated
@ConfigurationProperties("movies.limits")
public record RequestLimitsProperties(@DefaultValue("64KB") @NotNull DataSize maxRequestBody,
		@DefaultValue("10s") @NotNull Duration queryTimeout) {

	/** JDBC takes whole seconds; anything shorter rounds up to one. */
	int queryTimeoutSeconds() {
		return (int) Math.max(1, (this.queryTimeout.toMillis() + 999) / 1000);
	}

}
