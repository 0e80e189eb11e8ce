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
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.recommendation.VectorCatalogue.TestMovie;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code strategy=best_score} costs the database: its candidates (the neighbours of
 * every liked movie) come from one statement for all liked movies, not one per liked
 * movie, counted by a DataSource that counts the statements it prepares.
 */
@IntegrationTest
@Import(TestEmbeddingModelConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BestScoreCostTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	DataSource dataSource;

	ServiceParts parts;

	List<TestMovie> all;

	/** Built once: both tests only read it. */
	@BeforeAll
	void createCatalogue() {
		this.parts = ServiceParts.of(this.context);
		VectorCatalogue catalogue = this.parts.emptyCatalogue().generate(1000);
		catalogue.analyze();
		this.all = catalogue.movies();
	}

	@Test
	void aHundredLikedMoviesCostAFewStatementsAndRankAsTheBestScoreDefinesIt() {
		List<TestMovie> liked = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			liked.add(this.all.get(i * 7));
		}
		AtomicInteger statements = new AtomicInteger();
		RecommendationService service = countingService(statements);

		List<Long> found = ids(
				service.forExamples(liked.stream().map(TestMovie::id).toList(), List.of(), null, bestScore(10, 0)));

		System.out.printf("best_score with 100 liked movies: %d statements%n", statements.get());
		// with 100 liked movies it ran one nearest-neighbour query per liked movie (and
		// two EXPLAIN estimates with each), over 100 statements
		assertThat(statements.get()).as("statements for one request with 100 liked movies").isLessThanOrEqualTo(8);
		// the best score: each movie's best similarity to a liked one, exactly
		List<Long> expected = this.all.stream()
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

	@Test
	void repeatedLikedMoviesCountOnceAndAPagePastTheCapIsEmptyWithoutAScan() {
		List<Long> twoLiked = List.of(this.all.get(3).id(), this.all.get(500).id());
		List<Long> repeated = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			repeated.addAll(twoLiked);
		}
		AtomicInteger statements = new AtomicInteger();
		RecommendationService service = countingService(statements);

		assertThat(ids(service.forExamples(repeated, List.of(), null, bestScore(100, 0))))
			.as("100 liked ids that name two movies")
			.isEqualTo(ids(service.forExamples(twoLiked, List.of(), null, bestScore(100, 0))));

		statements.set(0);
		assertThat(service.forExamples(repeated, List.of(), null, bestScore(100, 9900)).movies()).isEmpty();
		// the liked movies' vectors and the "any embeddings at all?" check, no search
		assertThat(statements.get()).as("statements for a page past the cap").isLessThanOrEqualTo(2);
		assertThat(ids(service.forExamples(twoLiked, List.of(), null,
				bestScore(10, RecommendationService.BEST_SCORE_MAX_CANDIDATES - 20))))
			.as("a page near the cap (998 movies can be recommended)")
			.hasSize(10);
	}

	private RecommendationService countingService(AtomicInteger statements) {
		return this.parts.service(this.parts.repository(JdbcClient.create(counting(this.dataSource, statements))),
				this.parts.properties());
	}

	private SearchOptions bestScore(int limit, int offset) {
		return SearchOptions.from(new RecommendationParameters(limit, offset, null, null, null, null, null, null, null,
				null, null, null, "similarity", null, "best_score", null), this.parts.properties());
	}

	private static List<Long> ids(Recommendations recommendations) {
		return recommendations.movies().stream().map((m) -> m.movie().id()).toList();
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
