package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.HashingEmbeddingModel;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.vector.VectorIndexManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of a {@code ranking=similarity} recommendation are cut from one ordered list:
 * walking them gives the same movies, in the same order, as one request for all of them
 * (found by an outside check: with a filter, neighbouring pages repeated 7 movies and
 * skipped 8 of the first 100, each page being its own approximate index search). On 4,000
 * random vectors with an HNSW index, so that a filter keeping every other movie makes the
 * index scan iterate past its first batch of candidates.
 */
@IntegrationTest
@Import(TestEmbeddingModelConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimilarityPagingTests {

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	HashingEmbeddingModel embeddingModel;

	@Autowired
	VectorIndexManager indexes;

	@Autowired
	RecommendationService service;

	@Autowired
	RecommendationProperties properties;

	private long base;

	/** Built once: the tests only read it. */
	@BeforeAll
	void catalogue() {
		this.data.reset();
		new VectorCatalogue(this.jdbc, this.embeddingModel.name()).bulk(this.indexes, """
				INSERT INTO movies (external_id, title, year, genres, like_count)
				SELECT 700000 + i, 'Film ' || i, 1950 + i % 70,
				       CASE WHEN i % 2 = 0 THEN ARRAY['Comedy'] ELSE ARRAY['Drama'] END, i % 1000
				FROM generate_series(1, 3000) AS i
				""");
		this.base = this.jdbc.sql("SELECT min(id) FROM movies").query(Long.class).single();
	}

	@Test
	void pagesWithAFilterAreCutFromOneOrderedList() {
		assertPagesEqualOneRequest(List.of("comedy"));
	}

	@Test
	void pagesWithoutAFilterAreCutFromOneOrderedList() {
		assertPagesEqualOneRequest(List.of());
	}

	private void assertPagesEqualOneRequest(List<String> genres) {
		SearchOptions all = options(100, 0, genres);
		assertThat(this.service.plan(100, all, false).exact()).as("an index search, not an exact scan").isFalse();
		List<Long> whole = ids(this.service.similarToMovie(this.base, all));
		assertThat(whole).hasSize(100).doesNotHaveDuplicates();

		List<Long> paged = new ArrayList<>();
		for (int offset = 0; offset < 100; offset += 10) {
			paged.addAll(ids(this.service.similarToMovie(this.base, options(10, offset, genres))));
		}
		assertThat(paged).containsExactlyElementsOf(whole);
	}

	private SearchOptions options(int limit, int offset, List<String> genres) {
		return SearchOptions.from(new RecommendationParameters(limit, offset, null, genres, null, null, null, null,
				null, null, null, null, "similarity", null, null, null), this.properties);
	}

	private static List<Long> ids(Recommendations recommendations) {
		return recommendations.movies().stream().map((m) -> m.movie().id()).toList();
	}

}
