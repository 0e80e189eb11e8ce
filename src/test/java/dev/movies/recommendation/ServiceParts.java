package dev.movies.recommendation;

import dev.movies.TestData;
import dev.movies.embedding.HashingEmbeddingModel;
import dev.movies.movie.MovieRepository;
import dev.movies.movie.MovieRows;
import dev.movies.vector.VectorIndexManager;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.ObjectMapper;

/**
 * What the tests on the real database need to set up a catalogue and to build a
 * {@link RecommendationService} by hand (over a DataSource that counts statements, a
 * repository that deletes a movie mid-request, or other settings): the parts of the test
 * context's service, taken from a context that imports
 * {@code TestEmbeddingModelConfiguration}.
 */
record ServiceParts(TestData data, JdbcClient jdbc, HashingEmbeddingModel embeddingModel, VectorIndexManager indexes,
		RecommendationProperties properties, CataloguePriors priors, MovieRepository movies, MovieRows rows,
		ObjectMapper json) {

	static ServiceParts of(ApplicationContext context) {
		return new ServiceParts(context.getBean(TestData.class), context.getBean(JdbcClient.class),
				context.getBean(HashingEmbeddingModel.class), context.getBean(VectorIndexManager.class),
				context.getBean(RecommendationProperties.class), context.getBean(CataloguePriors.class),
				context.getBean(MovieRepository.class), context.getBean(MovieRows.class),
				context.getBean(ObjectMapper.class));
	}

	/**
	 * An empty catalogue with the configured vector index, as the service starts with,
	 * and a seeded generator of its movies.
	 */
	VectorCatalogue emptyCatalogue() {
		this.data.reset();
		this.indexes.ensureConfiguredIndex();
		return new VectorCatalogue(this.jdbc, this.embeddingModel.name());
	}

	RecommendationRepository repository(JdbcClient jdbc) {
		return new RecommendationRepository(jdbc, this.movies, this.rows, this.json);
	}

	RecommendationService service(RecommendationRepository repository, RecommendationProperties settings) {
		return new RecommendationService(repository, this.embeddingModel, this.indexes, settings, this.priors);
	}

}
