package dev.movies.recommendation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pgvector.PGvector;
import dev.movies.vector.VectorIndexManager;
import dev.movies.IntegrationTest;
import dev.movies.embedding.EmbeddingModel;
import dev.movies.TestData;
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
			String sql = SearchSql.nearestSql(DistanceMetric.COSINE, RARE_GENRE, false, params);
			params.put("query", new PGvector(query));
			params.put("rows", 10);
			params.put("model", this.model.name());
			assertThat(String.join("\n", explain(DistanceMetric.COSINE, RARE_GENRE)))
				.contains("Index Scan using movie_embeddings_embedding_hnsw");
			return this.named.query(sql, params, (rs, rowNum) -> rs.getLong("movie_id"));
		});
	}

	private List<String> explain(DistanceMetric metric, Filters filters) {
		Map<String, Object> params = new HashMap<>();
		String sql = SearchSql.nearestSql(metric, filters, false, params);
		params.put("query", new PGvector(this.catalogue.movies().get(0).vector()));
		params.put("rows", 10);
		params.put("model", this.model.name());
		return this.named.queryForList("EXPLAIN " + sql, params, String.class);
	}

}
