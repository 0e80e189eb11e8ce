package dev.movies;

import dev.movies.embedding.DevEmbeddingModelConfiguration;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service from the test classpath with a stand-in embedding model, for trying the
 * recommendation endpoints by hand before an embedding adapter is configured:
 * {@code ./mvnw spring-boot:test-run}. Never part of the packaged service.
 */
public class TestMovieRecommenderApplication {

	public static void main(String[] args) {
		SpringApplication.from(MovieRecommenderApplication::main).with(DevEmbeddingModelConfiguration.class).run(args);
	}

}
