package dev.movies.embedding;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * The deterministic {@link HashingEmbeddingModel} as the application's
 * {@link EmbeddingModel} in integration tests, with the dimension the test schema was
 * migrated with. Primary, so tests never depend on a running Ollama or on which adapter
 * the configuration selects.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestEmbeddingModelConfiguration {

	@Bean
	@Primary
	HashingEmbeddingModel hashingEmbeddingModel(Environment environment) {
		return new HashingEmbeddingModel(
				environment.getProperty("spring.flyway.placeholders.embedding_dimension", Integer.class, 384));
	}

}
