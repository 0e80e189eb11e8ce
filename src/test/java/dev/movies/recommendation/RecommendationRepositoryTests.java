package dev.movies.recommendation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pgvector.PGvector;
import dev.movies.movie.Movie;
import dev.movies.vector.VectorIndexManager;
import dev.movies.IntegrationTest;
import dev.movies.embedding.EmbeddingModel;
import dev.movies.TestData;
import dev.movies.recommendation.RecommendationRepository.BaseKey;
import dev.movies.recommendation.RecommendationRepository.Neighbours;
import dev.movies.recommendation.SearchOptions.Filters;
import dev.movies.recommendation.VectorCatalogue.TestMovie;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendationRepositoryTests {

	static final Filters NO_FILTERS = new Filters(List.of(), false, null, null, null, null, Set.of());

	static final Filters RARE_GENRE = new Filters(List.of("film-noir"), false, null, null, null, null, Set.of());

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingModel model;

	@Autowired
	NamedParameterJdbcTemplate named;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	VectorIndexManager indexes;

	@Autowired
	RecommendationRepository repository;

	VectorCatalogue catalogue;

	@BeforeAll
	void createCatalogue() {
		this.data.reset();
		this.indexes.ensureConfiguredIndex();
		this.catalogue = new VectorCatalogue(this.jdbc, this.model.name()).generate(1000);
		this.catalogue.analyze();
	}

	@ParameterizedTest
	@EnumSource(DistanceMetric.class)
	void everyMetricIsServedByTheOneInnerProductIndex(DistanceMetric metric) {
		String plan = this.transactions.execute((status) -> {
			// 1,000 rows are cheaper to sort than to search: forbid sorting to see what
			// the index can serve
			this.jdbc.sql("SET LOCAL enable_sort = off").update();
			return String.join("\n", explain(metric, NO_FILTERS));
		});
		assertThat(plan).contains("Index Scan using movie_embeddings_embedding_hnsw on movie_embeddings")
			.contains("Order By: (embedding <#> ")
			.doesNotContain("Sort");
	}

	@Test
	void aMovieAndItsNeighboursComeInOneStatementThroughTheIndex() {
		TestMovie base = this.catalogue.movies().get(0);
		QueryPlan plan = new QueryPlan(10, false, 100, 20_000, 1, false).includingMovies();
		Map<Long, Movie> rows = new HashMap<>();
		Neighbours byId = this.repository
			.neighboursOf(BaseKey.ID, base.id(), this.model.name(), DistanceMetric.COSINE, NO_FILTERS, plan, rows)
			.orElseThrow();
		assertThat(byId.base().id()).isEqualTo(base.id());
		assertThat(byId.base().title()).isEqualTo(base.title());
		assertThat(byId.base().embedded()).isTrue();
		List<Long> ids = byId.candidates().stream().map(Candidate::movieId).toList();
		assertThat(ids).hasSize(10).doesNotContain(base.id());
		assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(ids);
		// the same neighbours as a search by the movie's vector, itself excluded
		Filters withoutBase = new Filters(List.of(), false, null, null, null, null, Set.of(base.id()));
		assertThat(this.repository.nearest(base.vector(), this.model.name(), DistanceMetric.COSINE, withoutBase, plan,
				new HashMap<>()))
			.extracting(Candidate::movieId)
			.containsExactlyInAnyOrderElementsOf(ids);
		Neighbours byExternalId = this.repository
			.neighboursOf(BaseKey.EXTERNAL_ID, base.externalId(), this.model.name(), DistanceMetric.COSINE, NO_FILTERS,
					plan, new HashMap<>())
			.orElseThrow();
		assertThat(byExternalId.base().id()).isEqualTo(base.id());
		assertThat(byExternalId.candidates()).extracting(Candidate::movieId).containsExactlyInAnyOrderElementsOf(ids);

		Map<String, Object> params = new HashMap<>();
		String sql = SearchSql.neighboursSql(BaseKey.ID, DistanceMetric.COSINE, NO_FILTERS, plan, params);
		params.put("baseKey", base.id());
		params.put("model", this.model.name());
		String explained = this.transactions.execute((status) -> {
			this.jdbc.sql("SET LOCAL enable_sort = off").update();
			return String.join("\n", this.named.queryForList("EXPLAIN " + sql, params, String.class));
		});
		assertThat(explained).contains("Index Scan using movie_embeddings_embedding_hnsw on movie_embeddings");
	}

	@Test
	void aMovieWithoutAVectorOfTheModelHasNoNeighboursAndAnUnknownOneIsNotThere() {
		long bare = this.jdbc
			.sql("INSERT INTO movies (external_id, title, year) VALUES (999999, 'No vector', 2001) RETURNING id")
			.query(Long.class)
			.single();
		QueryPlan plan = new QueryPlan(10, false, 100, 20_000, 1, false);
		Neighbours found = this.repository
			.neighboursOf(BaseKey.ID, bare, this.model.name(), DistanceMetric.COSINE, NO_FILTERS, plan, null)
			.orElseThrow();
		assertThat(found.base().embedded()).isFalse();
		assertThat(found.base().title()).isEqualTo("No vector");
		assertThat(found.candidates()).isEmpty();
		TestMovie embedded = this.catalogue.movies().get(1);
		assertThat(this.repository.neighboursOf(BaseKey.ID, embedded.id(), "another-model", DistanceMetric.COSINE,
				NO_FILTERS, plan, null))
			.hasValueSatisfying((n) -> {
				assertThat(n.base().embedded()).as("a vector of another model does not count").isFalse();
				assertThat(n.candidates()).isEmpty();
			});
		assertThat(this.repository.neighboursOf(BaseKey.ID, Long.MAX_VALUE, this.model.name(), DistanceMetric.COSINE,
				NO_FILTERS, plan, null))
			.isEmpty();
		this.jdbc.sql("DELETE FROM movies WHERE id = :id").param("id", bare).update();
	}

	@Test
	void iterativeScanFillsTheLimitWhereAPlainIndexScanFallsShort() {
		TestMovie base = this.catalogue.movies().get(0);
		assertThat(forcedIndexScan(base.vector(), "off")).as("post-filtering ef_search=10 rows").hasSizeLessThan(10);
		assertThat(forcedIndexScan(base.vector(), "relaxed_order")).hasSize(10);
	}

	private List<Long> forcedIndexScan(float[] query, String iterativeScan) {
		return this.transactions.execute((status) -> {
			this.jdbc.sql("SET LOCAL enable_sort = off").update();
			this.jdbc.sql("SET LOCAL hnsw.ef_search = 10").update();
			this.jdbc.sql("SELECT set_config('hnsw.iterative_scan', :mode, true)")
				.param("mode", iterativeScan)
				.query(String.class)
				.single();
			Map<String, Object> params = new HashMap<>();
			String sql = SearchSql.nearestSql(DistanceMetric.COSINE, RARE_GENRE, false, 10, params);
			params.put("query", new PGvector(query));
			params.put("model", this.model.name());
			assertThat(String.join("\n", explain(DistanceMetric.COSINE, RARE_GENRE)))
				.contains("Index Scan using movie_embeddings_embedding_hnsw");
			return this.named.query(sql, params, (rs, rowNum) -> rs.getLong("movie_id"));
		});
	}

	private List<String> explain(DistanceMetric metric, Filters filters) {
		Map<String, Object> params = new HashMap<>();
		String sql = SearchSql.nearestSql(metric, filters, false, 10, params);
		params.put("query", new PGvector(this.catalogue.movies().get(0).vector()));
		params.put("model", this.model.name());
		return this.named.queryForList("EXPLAIN " + sql, params, String.class);
	}

}
