package dev.movies.embedding;

import java.util.stream.Stream;

import dev.movies.MovieRecommenderApplication;
import dev.movies.TestDatabaseConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Starts instances of the service (without a web server) on the test database, as a
 * cluster would.
 */
public final class ServiceInstances {

	private ServiceInstances() {
	}

	/**
	 * @param model the model the instance embeds with instead of its configured provider,
	 * or {@code null} for the configured one
	 * @param arguments command-line arguments: they rank above application-test.yml,
	 * which builder properties do not
	 */
	static ConfigurableApplicationContext start(EmbeddingModel model, String... arguments) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(MovieRecommenderApplication.class,
				TestDatabaseConfiguration.class)
			.profiles("test")
			.web(WebApplicationType.NONE);
		if (model != null) {
			builder.initializers((context) -> ((GenericApplicationContext) context).registerBean("fakeEmbeddingModel",
					EmbeddingModel.class, () -> model, (definition) -> definition.setPrimary(true)));
		}
		return builder.run(
				Stream.concat(Stream.of("--spring.main.banner-mode=off"), Stream.of(arguments)).toArray(String[]::new));
	}

	/**
	 * Empties the test database and adds {@code count} movies titled "Movie 1", "Movie
	 * 2", ...
	 */
	static void seedCatalogue(ConfigurableApplicationContext instance, int count) {
		JdbcClient jdbc = instance.getBean(JdbcClient.class);
		jdbc.sql("TRUNCATE movies, embedding_jobs RESTART IDENTITY CASCADE").update();
		for (int i = 1; i <= count; i++) {
			jdbc.sql(
					"INSERT INTO movies (external_id, title, year, description_full) VALUES (:id, :title, 2000, :plot)")
				.param("id", i)
				.param("title", "Movie " + i)
				.param("plot", "Plot number " + i)
				.update();
		}
	}

	/**
	 * One more instance of the service on the test database, embedding with the given
	 * model, joining the cluster's backfills with small pages, a short poll and a short
	 * lease.
	 */
	public static ConfigurableApplicationContext startInCluster(EmbeddingModel model, String... arguments) {
		return start(model,
				Stream
					.concat(Stream.of("--movies.embedding.job.join-cluster-jobs=true",
							"--movies.embedding.job.batch-size=5", "--movies.embedding.job.max-workers=2",
							"--movies.embedding.job.poll-interval=100ms", "--movies.embedding.job.lease=2s"),
							Stream.of(arguments))
					.toArray(String[]::new));
	}

}
