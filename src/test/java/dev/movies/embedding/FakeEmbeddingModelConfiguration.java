package dev.movies.embedding;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The slow, flaky or picky {@link FakeEmbeddingModel} as the application's model, for the
 * backfill's tests. A top-level class rather than one nested in a test, so that every
 * test importing it shares one cached context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FakeEmbeddingModelConfiguration {

	@Bean
	@Primary
	FakeEmbeddingModel fakeEmbeddingModel() {
		return new FakeEmbeddingModel();
	}

}
