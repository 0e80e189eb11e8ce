package dev.movies.movie;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
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

	@Nested
	class OnAnyCatalogue {

		@BeforeEach
		void catalogue() {
			MovieSearchPlanTests.this.data.reset();
			MovieSearchPlanTests.this.data.insertMovie(1, "Interstellar", 2014, 8.7, List.of("Sci-Fi"), "A wormhole.");
		}

		@ParameterizedTest
		@ValueSource(strings = { "interstellar", "incpetion", "tom hanks", "the matrix", "up" })
		void everyPredicateIsServedByAnIndex(String query) {
			String plan = MovieSearchPlanTests.this.transactions.execute((status) -> {
				MovieSearchPlanTests.this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
				return explain(query);
			});

			assertThat(plan).doesNotContain("Seq Scan")
				.contains("Bitmap Index Scan on movies_search_document")
				.contains("Bitmap Index Scan on movies_title_key_trgm")
				.contains("Bitmap Index Scan on movies_title_english_key_trgm");
		}

	}

	/**
	 * On a catalogue of 20,000 movies with statistics, the planner picks the indexes by
	 * itself (nothing priced out): the title trigram indexes and the full-text index, and
	 * never a sequential scan of movies. Titles, plots and cast are made of 1,000
	 * generated words, so a word is in about 0.2% of the titles, as a word of a real
	 * title is (a very common word matching a tenth of the catalogue is rightly read by a
	 * scan that stops at the candidate limit); plots of ~800 characters, as Wikipedia's,
	 * give the table the width that makes a sequential scan cost what it does.
	 */
	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class OnALargeCatalogue {

		/**
		 * The catalogue is built and analysed once for the four queries: the tests only
		 * read it, and building it is the slow part.
		 */
		@BeforeAll
		void catalogue() {
			MovieSearchPlanTests.this.data.reset();
			MovieSearchPlanTests.this.data.insertMovie(1, "Interstellar", 2014, 8.7, List.of("Sci-Fi"), "A wormhole.");
			MovieSearchPlanTests.this.jdbc
				.sql("""
						INSERT INTO movies (external_id, title, year, rating, genres, description_full, language, like_count, "cast")
						SELECT i, initcap(%1$s || ' ' || %2$s), 1950 + i %% 70, 5 + (i %% 50) / 10.0, ARRAY['Drama'],
						    'A story of ' || %3$s || ' and ' || %4$s || '. ' || repeat('The plot goes on as plots do. ', 25), 'en', i %% 1000,
						    jsonb_build_array(jsonb_build_object('name', initcap(%5$s || ' ' || %1$s)))
						FROM generate_series(2, 20001) AS i
						"""
					.formatted(word("i % 1000"), word("(i * 7 + 3) % 1000"), word("(i * 13 + 1) % 1000"),
							word("(i * 17 + 5) % 1000"), word("(i * 19 + 2) % 1000")))
				.update();
			// as autovacuum leaves a catalogue: statistics, and the GIN indexes'
			// pending lists merged (a long pending list makes every GIN scan look,
			// and be, slow)
			MovieSearchPlanTests.this.jdbc.sql("VACUUM ANALYZE movies").update();
		}

		@ParameterizedTest
		@ValueSource(strings = { "word", "word with a typo", "two words", "cast member" })
		void thePlannerChoosesTheIndexesItself(String kind) {
			String word = MovieSearchPlanTests.this.jdbc.sql("SELECT " + word("42")).query(String.class).single();
			String other = MovieSearchPlanTests.this.jdbc.sql("SELECT " + word("297")).query(String.class).single();
			String query = switch (kind) {
				case "word" -> word;
				case "word with a typo" -> word.substring(0, 3) + word.charAt(4) + word.charAt(3) + word.substring(5);
				case "two words" -> word + " " + other;
				default -> MovieSearchPlanTests.this.jdbc
					.sql("SELECT \"cast\" -> 0 ->> 'name' FROM movies WHERE external_id = 1042")
					.query(String.class)
					.single();
			};

			String plan = explain(query);

			assertThat(plan).as(query)
				.doesNotContain("Seq Scan on movies")
				.contains("Bitmap Index Scan on movies_search_document")
				.contains("Bitmap Index Scan on movies_title_key_trgm");
		}

	}

	/** Generated word number {@code k} (0-999): eight letters. */
	private static String word(String k) {
		return "translate(left(md5('w' || (%s)), 8), '0123456789', 'ghijklmnop')".formatted(k);
	}

	/** The plan of the service's search statement for a first page of 10. */
	private String explain(String query) {
		return String.join("\n",
				this.jdbc.sql("EXPLAIN " + MovieSearchSql.of(query))
					.param("query", query)
					.param("pool", 10)
					.param("textPool", 300)
					.param("titlePool", 1000)
					.param("limit", 10)
					.param("offset", 0)
					.query(String.class)
					.list());
	}

}
