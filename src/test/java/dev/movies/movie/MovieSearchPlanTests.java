package dev.movies.movie;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search's predicates are ones the planner can serve from indexes: with sequential
 * scans priced out, a predicate no index serves would still show as a sequential scan of
 * movies. (On a test catalogue of a few rows the planner would rightly prefer scanning
 * it.)
 */
@IntegrationTest
class MovieSearchPlanTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestData data;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void catalogue() {
		this.data.reset();
		this.data.insertMovie(1, "Interstellar", 2014, 8.7, List.of("Sci-Fi"), "A wormhole.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "interstellar", "incpetion", "tom hanks", "the matrix", "up" })
	void everyPredicateIsServedByAnIndex(String query) {
		String plan = this.transactions.execute((status) -> {
			this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
			return String.join("\n",
					this.jdbc.sql("EXPLAIN " + MovieRepository.searchSql(query))
						.param("query", query)
						.param("pool", 10)
						.param("textPool", 300)
						.param("limit", 10)
						.param("offset", 0)
						.query(String.class)
						.list());
		});

		assertThat(plan).doesNotContain("Seq Scan")
			.contains("Bitmap Index Scan on movies_search_document")
			.contains("Bitmap Index Scan on movies_title_key_trgm")
			.contains("Bitmap Index Scan on movies_title_english_key_trgm");
	}

}
