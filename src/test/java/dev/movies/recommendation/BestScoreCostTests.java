package dev.movies.recommendation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.HashingEmbeddingModel;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.movie.MovieRepository;
import dev.movies.movie.MovieRows;
import dev.movies.recommendation.VectorCatalogue.TestMovie;
import dev.movies.vector.VectorIndexManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code strategy=best_score} costs the database: its candidates (the neighbours of
 * every liked movie) come from one statement for all liked movies, not one per liked
 * movie, counted by a DataSource that counts the statements it prepares.
 */
@IntegrationTest
@Import(TestEmbeddingModelConfiguration.class)
class BestScoreCostTests {

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	HashingEmbeddingModel embeddingModel;

	@Autowired
	VectorIndexManager indexes;

	@Autowired
	RecommendationProperties properties;

	@Autowired
	CataloguePriors priors;

	@Autowired
	MovieRepository movies;

	@Autowired
	MovieRows rows;

	@Autowired
	ObjectMapper json;

	VectorCatalogue catalogue;

	@BeforeEach
	void reset() {
		this.data.reset();
		this.indexes.ensureConfiguredIndex();
		this.catalogue = new VectorCatalogue(this.jdbc, this.embeddingModel.name());
	}

	@Test
	void aHundredLikedMoviesCostAFewStatementsAndRankAsTheBestScoreDefinesIt() {
		this.catalogue.generate(1000);
		this.catalogue.analyze();
		List<TestMovie> all = this.catalogue.movies();
		List<TestMovie> liked = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			liked.add(all.get(i * 7));
		}
		AtomicInteger statements = new AtomicInteger();
		RecommendationService service = new RecommendationService(
				new RecommendationRepository(JdbcClient.create(counting(this.dataSource, statements)), this.movies,
						this.rows, this.json),
				this.embeddingModel, this.indexes, this.properties, this.priors);
		SearchOptions options = SearchOptions.from(new RecommendationParameters(10, 0, null, null, null, null, null,
				null, null, null, null, null, "similarity", null, "best_score", null), this.properties);

		List<Long> found = service.forExamples(liked.stream().map(TestMovie::id).toList(), List.of(), null, options)
			.movies()
			.stream()
			.map((m) -> m.movie().id())
			.toList();

		System.out.printf("best_score with 100 liked movies: %d statements%n", statements.get());
		// with 100 liked movies it ran one nearest-neighbour query per liked movie (and
		// two EXPLAIN estimates with each), over 100 statements
		assertThat(statements.get()).as("statements for one request with 100 liked movies").isLessThanOrEqualTo(8);
		// the best score: each movie's best similarity to a liked one, exactly
		List<Long> expected = all.stream()
			.filter((m) -> liked.stream().noneMatch((l) -> l.id() == m.id()))
			.sorted(Comparator.comparingDouble((TestMovie m) -> -liked.stream()
				.mapToDouble((l) -> VectorCatalogue.dot(l.vector(), m.vector()))
				.max()
				.orElseThrow()))
			.limit(10)
			.map(TestMovie::id)
			.toList();
		assertThat(found).hasSize(10);
		assertThat(overlap(found, expected)).as("of the exact top 10").isGreaterThanOrEqualTo(9);
	}

	private static long overlap(List<Long> a, List<Long> b) {
		return a.stream().filter(b::contains).count();
	}

	/** Counts the statements prepared or created on its connections. */
	static DataSource counting(DataSource target, AtomicInteger statements) {
		return (DataSource) Proxy.newProxyInstance(BestScoreCostTests.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = invoke(method, target, args);
					if (result instanceof Connection connection) {
						return Proxy.newProxyInstance(BestScoreCostTests.class.getClassLoader(),
								new Class<?>[] { Connection.class }, (p, m, a) -> {
									if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")
											|| m.getName().equals("prepareCall")) {
										statements.incrementAndGet();
									}
									return invoke(m, connection, a);
								});
					}
					return result;
				});
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
