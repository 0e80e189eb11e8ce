package dev.movies.movie;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class MovieListControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	private long nextExternalId = 1;

	@BeforeEach
	void setUp() {
		this.data.reset();
	}

	@Nested
	class Search {

		@BeforeEach
		void catalogue() {
			movie("Inception", 2010, 8.8, List.of("Sci-Fi"), 20000, 0, null);
			movie("Interstellar", 2014, 8.7, List.of("Sci-Fi"), 18000, 0, null);
			movie("Deception", 2008, 6.1, List.of("Thriller"), 500, 0, null);
			movie("The Incredibles", 2004, 8.0, List.of("Animation"), 9000, 0, null);
			movie("Alien", 1979, 8.5, List.of("Horror"), 12000, 0, null);
			movie("Aliens", 1986, 8.4, List.of("Action"), 11000, 0, null);
			movie("Alien: Covenant", 2017, 6.4, List.of("Horror"), 4000, 0, null);
		}

		@ParameterizedTest
		@ValueSource(strings = { "inceptoin", "INCEPTION", "Incepción", "  inception ", "incpetion", "incep" })
		void findsInceptionDespiteTyposCaseAndAccentsBestMatchFirst(String query) {
			assertThat(titles(get("/api/search?query={q}", query))).first().isEqualTo("Inception");
		}

		@Test
		void exactTitleComesBeforeLongerTitlesContainingIt() {
			assertThat(titles(get("/api/search?query=alien"))).startsWith("Alien")
				.containsExactlyInAnyOrder("Alien", "Aliens", "Alien: Covenant");
		}

		@Test
		void aTypoInOneWordStillPrefersTheClosestWholeTitle() {
			movie("The Three Godfathers", 1916, 6.0, List.of("Western"), 10, 0, null);
			movie("The Godfather", 1972, 9.2, List.of("Crime"), 10, 0, null);

			assertThat(titles(get("/api/search?query=godfater"))).containsExactly("The Godfather",
					"The Three Godfathers");
		}

		@Test
		void aShortQueryFindsWholeWordsNotFragments() {
			movie("Up", 2009, 8.3, List.of("Animation"), 10, 0, null);
			movie("Superman", 1978, 7.4, List.of("Action"), 10, 0, null);
			movie("Up in the Air", 2009, 7.4, List.of("Drama"), 10, 0, null);

			assertThat(titles(get("/api/search?query=up"))).containsExactly("Up", "Up in the Air");
		}

		@Test
		void findsByEnglishTitle() {
			movie("Le Fabuleux Destin d'Amélie Poulain", "Amélie", 2001, 8.3, 9000);

			assertThat(titles(get("/api/search?query=amelie"))).first()
				.isEqualTo("Le Fabuleux Destin d'Amélie Poulain");
		}

		@Test
		void equallyGoodMatchesAreOrderedByPopularity() {
			movie("Heat", 1995, 8.3, List.of("Crime"), 15000, 0, null);
			movie("Heat", 1986, 5.0, List.of("Crime"), 40, 0, null);

			assertThat(years(get("/api/search?query=heat"))).containsExactly(1995, 1986);
		}

		@Test
		void totalCountsThisAnswerAndTotalMatchesEveryMatch() {
			MvcTestResult result = get("/api/search?query=alien&limit=1");

			assertThat(result).bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(1))
				.hasPathSatisfying("$.total_matches", (v) -> v.assertThat().isEqualTo(3));
			assertThat(titles(result)).containsExactly("Alien");
		}

		@Test
		void findsWordsOfTheDescription() {
			describe("Interstellar",
					"A team of explorers travel through a wormhole in space to ensure humanity's survival.");

			assertThat(titles(get("/api/search?query=wormhole"))).containsExactly("Interstellar");
			assertThat(titles(get("/api/search?query=explorer travelling through space")))
				.containsExactly("Interstellar");
		}

		@Test
		void findsTheCastByName() {
			movie("Forrest Gump", 1994, 8.8, List.of("Drama"), 30000, 0, null);
			movie("Cast Away", 2000, 7.8, List.of("Drama"), 20000, 0, null);
			movie("Sleepless in Seattle", 1993, 6.8, List.of("Romance"), 9000, 0, null);
			cast("Forrest Gump", "Tom Hanks", "Robin Wright");
			cast("Cast Away", "Helen Hunt", "Tom Hanks");
			cast("Sleepless in Seattle", "Tom Hanks", "Meg Ryan");
			cast("Inception", "Leonardo DiCaprio", "Tom Hardy");

			assertThat(titles(get("/api/search?query=tom hanks"))).containsExactlyInAnyOrder("Forrest Gump",
					"Cast Away", "Sleepless in Seattle");
		}

		@Test
		void findsGenresByName() {
			movie("Heat", 1995, 8.3, List.of("Action", "Crime", "Thriller"), 15000, 0, null);

			assertThat(titles(get("/api/search?query=action thriller"))).containsExactly("Heat");
		}

		@Test
		void titleMatchesComeBeforeDescriptionAndCastMatches() {
			movie("Alienist", 2020, 5.0, List.of("Drama"), 1, 0, null);
			describe("Interstellar", "Astronauts fear an alien presence near the wormhole.");
			cast("Deception", "Alien Ant Farm");

			assertThat(titles(get("/api/search?query=alien"))).containsExactly("Alien", "Aliens", "Alien: Covenant",
					"Alienist", "Deception", "Interstellar");
		}

		@Test
		void aMinusWordExcludesTheMoviesMatchingItFromTitleMatchesToo() {
			describe("Interstellar", "An alien world.");
			cast("Deception", "Alien Ant Farm");

			assertThat(titles(get("/api/search?query={q}", "alien -covenant"))).startsWith("Alien", "Aliens")
				.containsExactlyInAnyOrder("Alien", "Aliens", "Deception", "Interstellar");
			assertThat(titles(get("/api/search?query={q}", "alien -farm -world"))).containsExactly("Alien", "Aliens",
					"Alien: Covenant");
			assertThat(titles(get("/api/search?query={q}", "-alien"))).doesNotContain("Alien", "Aliens",
					"Alien: Covenant", "Deception", "Interstellar");
			assertThat(titles(get("/api/search?query={q}", "inception -inception"))).doesNotContain("Inception");
		}

		@Test
		void pagesThroughTitleAndTextMatchesAlike() {
			describe("Interstellar", "An alien world.");

			assertThat(titles(get("/api/search?query=alien&limit=2&offset=2"))).containsExactly("Alien: Covenant",
					"Interstellar");
			assertThat(get("/api/search?query=alien&limit=2&offset=10")).bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(0))
				.hasPathSatisfying("$.total_matches", (v) -> v.assertThat().isEqualTo(4));
		}

		@Test
		void pagesOfTextMatchesThatRankAlikeFollowTheFullOrderWithoutGapsOrRepeats() {
			// twelve descriptions that rank the same for "lighthouse": only the
			// tie-breakers
			// order them, and every page must pick them the same way
			for (int i = 1; i <= 12; i++) {
				movie("Keeper " + (char) ('A' + i), 2000 + i, 6.0, List.of("Drama"), 100 + (i % 3), 0, null);
				describe("Keeper " + (char) ('A' + i), "A lonely lighthouse.");
			}
			List<String> all = titles(get("/api/search?query=lighthouse&limit=100"));
			List<String> paged = new java.util.ArrayList<>();
			for (int offset = 0; offset < 12; offset += 3) {
				paged.addAll(titles(get("/api/search?query=lighthouse&limit=3&offset={o}", offset)));
			}

			assertThat(all).hasSize(12);
			assertThat(paged).isEqualTo(all);
		}

		@Test
		void aWordInMoreTitlesThanThePoolRanksABoundedSetAndStillPutsTheExactTitleFirst() {
			// 1,200 titles holding "night" (the pool is 1,000), inserted before the exact
			// one, so an index scan meets them first
			jdbc.sql("""
					INSERT INTO movies (external_id, title, year, language, like_count)
					SELECT 1000 + i, 'Night ' || md5(i::text), 2000, 'en', 1 FROM generate_series(1, 1200) AS i
					""").update();
			movie("Night", 1999, 5.0, List.of("Drama"), 1, 0, null);
			jdbc.sql("VACUUM ANALYZE movies").update();

			assertThat(get("/api/search?query=night&limit=3")).bodyJson()
				.hasPathSatisfying("$.movies[0].title", (v) -> v.assertThat().isEqualTo("Night"))
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(3))
				.hasPathSatisfying("$.total_matches", (v) -> v.assertThat().isNull());
		}

		@Test
		void stopWordsAloneFindTitlesOnly() {
			movie("The The", 1999, 5.0, List.of("Drama"), 1, 0, null);
			describe("Interstellar", "The crew of the ship.");

			assertThat(titles(get("/api/search?query=the the"))).startsWith("The The").doesNotContain("Interstellar");
		}

		@Test
		void likeWildcardsInTheQueryAreLiteral() {
			assertThat(get("/api/search?query={q}", "%%")).bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(0));
		}

		/**
		 * search_key() erases combining marks: three of them passed the length check for
		 * the substring tier and became LIKE '%%', matching every title.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "\u0301\u0301\u0301", "\u0301\u0308\u0301\u0301\u0327" })
		void aQueryThatNormalisesToNothingMatchesNothing(String query) {
			assertThat(get("/api/search?query={q}", query)).hasStatusOk()
				.bodyJson()
				.hasPathSatisfying("$.total_matches", (v) -> v.assertThat().isEqualTo(0))
				.hasPathSatisfying("$.movies", (v) -> v.assertThat().asList().isEmpty());
		}

		@Test
		void unrelatedQueryFindsNothing() {
			assertThat(get("/api/search?query=zzzzqqq")).hasStatusOk()
				.bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(0))
				.hasPathSatisfying("$.movies", (v) -> v.assertThat().asList().isEmpty());
		}

		@ParameterizedTest
		@ValueSource(strings = { "", "   " })
		void blankQueryIsProblem400NamingQuery(String query) {
			assertBadParameter(get("/api/search?query={q}", query), "query");
		}

		@Test
		void aNulCharacterIsProblem400NotAServerError() {
			assertBadParameter(get("/api/search?query={q}", "ali\u0000en"), "query");
		}

		@Test
		void missingQueryIsProblem400NamingQuery() {
			assertBadParameter(get("/api/search"), "query");
		}

		@Test
		void limitOutOfRangeIsProblem400NotAClamp() {
			assertBadParameter(get("/api/search?query=alien&limit=101"), "limit");
			assertBadParameter(get("/api/search?query=alien&limit=0"), "limit");
		}

	}

	@Nested
	class Genres {

		@Test
		void returnsEachMovieOnceWhateverHowManyOfItsGenresMatch() {
			movie("Dune", 2021, 8.0, List.of("Action", "Sci-Fi", "Adventure"), 11000, 0, null);
			movie("Heat", 1995, 8.3, List.of("Crime"), 15000, 0, null);

			MvcTestResult result = get("/api/recommendations/genres?genres=action&genres=SCI-FI&genres=adventure");

			assertThat(titles(result)).containsExactly("Dune");
			assertThat(result).bodyJson().hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(1));
		}

		@Test
		void appliesMinRatingWithSixByDefault() {
			movie("Good", 2000, 7.0, List.of("Drama"), 100, 0, null);
			movie("Poor", 2000, 5.0, List.of("Drama"), 100, 0, null);

			assertThat(titles(get("/api/recommendations/genres?genres=drama"))).containsExactly("Good");
			assertThat(titles(get("/api/recommendations/genres?genres=drama&min_rating=4.5")))
				.containsExactlyInAnyOrder("Good", "Poor");
		}

		@Test
		void ordersByWeightedRatingSoAFewVotesDoNotWin() {
			movie("Few Votes", 2000, 9.0, List.of("Drama"), 5, 0, null);
			movie("Many Votes", 2000, 8.5, List.of("Drama"), 5000, 0, null);
			movie("Average", 2000, 6.5, List.of("Drama"), 5000, 0, null);

			assertThat(titles(get("/api/recommendations/genres?genres=Drama"))).containsExactly("Many Votes",
					"Few Votes", "Average");
		}

		@Test
		void anAliasFindsMoviesImportedUnderEitherName() {
			movie("Dune", 2021, 8.0, List.of("Sci-Fi"), 11000, 0, null);
			movie("Contact", 1997, 7.5, List.of("Science Fiction"), 5000, 0, null);
			movie("Heat", 1995, 8.3, List.of("Crime"), 15000, 0, null);

			for (String genre : List.of("Sci-Fi", "science fiction", "SCIFI", "Sci Fi")) {
				assertThat(titles(get("/api/recommendations/genres?genres={g}", genre))).as(genre)
					.containsExactly("Dune", "Contact");
			}
			assertThat(titles(get("/api/search?query=contact"))).first().isEqualTo("Contact");
		}

		@Test
		void listsTheCataloguesGenresCanonicallyWithCounts() {
			movie("Dune", 2021, 8.0, List.of("Sci-Fi", "Adventure"), 11000, 0, null);
			movie("Contact", 1997, 7.5, List.of("Science Fiction", "Drama"), 5000, 0, null);
			movie("Sunshine", 2007, 7.2, List.of("Science Fiction", "Sci-Fi"), 5000, 0, null);
			movie("Ong-Bak", 2003, 7.1, List.of("Martial Arts"), 500, 0, null);

			MvcTestResult result = get("/api/genres");

			assertThat(result).hasStatusOk()
				.bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(4))
				.hasPathSatisfying("$.genres[0].name", (v) -> v.assertThat().isEqualTo("Sci-Fi"))
				.hasPathSatisfying("$.genres[0].key", (v) -> v.assertThat().isEqualTo("sci-fi"))
				.hasPathSatisfying("$.genres[0].movie_count", (v) -> v.assertThat().isEqualTo(3))
				.hasPathSatisfying("$.genres[*].name",
						(v) -> v.assertThat().asList().containsExactly("Sci-Fi", "Adventure", "Drama", "Martial Arts"));
			// movies keep the names they were imported with
			assertThat(get("/api/search?query=contact")).bodyJson()
				.hasPathSatisfying("$.movies[0].genres",
						(v) -> v.assertThat().asList().containsExactly("Science Fiction", "Drama"));
		}

		@Test
		void unknownGenreIsAnEmptyList() {
			movie("Heat", 1995, 8.3, List.of("Crime"), 15000, 0, null);

			assertThat(get("/api/recommendations/genres?genres=Polka")).hasStatusOk()
				.bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(0))
				.hasPathSatisfying("$.movies", (v) -> v.assertThat().asList().isEmpty());
		}

		@Test
		void pagesWithOffset() {
			movie("First", 2000, 9.0, List.of("Drama"), 9000, 0, null);
			movie("Second", 2000, 8.0, List.of("Drama"), 9000, 0, null);

			assertThat(titles(get("/api/recommendations/genres?genres=drama&limit=1&offset=1")))
				.containsExactly("Second");
			assertThat(get("/api/recommendations/genres?genres=drama&offset=5")).bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(0))
				.hasPathSatisfying("$.total_matches", (v) -> v.assertThat().isEqualTo(2));
		}

		@Test
		void missingGenresIsProblem400() {
			assertBadParameter(get("/api/recommendations/genres"), "genres");
			assertBadParameter(get("/api/recommendations/genres?genres={g}", " "), "genres");
		}

		@Test
		void minRatingOutOfRangeIsProblem400NamingIt() {
			assertBadParameter(get("/api/recommendations/genres?genres=drama&min_rating=11"), "min_rating");
			assertBadParameter(get("/api/recommendations/genres?genres=drama&min_rating=high"), "min_rating");
		}

	}

	@Nested
	class Trending {

		@Test
		void aRecentMovieOutranksAnOlderOneWithTenTimesTheLikes() {
			movie("Old Hit", 2021, 8.0, List.of("Drama"), 5000, 0, 3 * 365);
			movie("New Release", 2024, 7.0, List.of("Drama"), 500, 0, 10);

			assertThat(titles(get("/api/trending"))).containsExactly("New Release", "Old Hit");
		}

		@Test
		void amongEquallyRecentMoviesTheMorePopularComesFirst() {
			movie("Niche", 2024, 8.0, List.of("Drama"), 50, 0, 10);
			movie("Popular", 2024, 7.0, List.of("Drama"), 5000, 0, 10);
			movie("Downloaded", 2024, 7.0, List.of("Drama"), 50, 500_000, 10);

			assertThat(titles(get("/api/trending"))).containsExactly("Downloaded", "Popular", "Niche");
		}

		@Test
		void withoutUploadDateTheReleaseYearDates() {
			movie("Release 2021", 2021, 7.0, List.of("Drama"), 1000, 0, null);
			movie("Release 2025", 2025, 7.0, List.of("Drama"), 1000, 0, null);

			assertThat(titles(get("/api/trending"))).containsExactly("Release 2025", "Release 2021");
		}

		@Test
		void onlyMoviesFromMinYearOn() {
			movie("Before", 2019, 9.0, List.of("Drama"), 9000, 0, 10);
			movie("After", 2020, 7.0, List.of("Drama"), 10, 0, 10);

			assertThat(titles(get("/api/trending"))).containsExactly("After");
			assertThat(titles(get("/api/trending?min_year=2010"))).containsExactly("Before", "After");
		}

		@Test
		void onlyMoviesRatedSixOrMoreByDefault() {
			movie("Six", 2024, 6.0, List.of("Drama"), 10, 0, 10);
			movie("Five Point Nine", 2024, 5.9, List.of("Drama"), 10000, 0, 10);
			movie("Unrated", 2024, null, List.of("Drama"), 10000, 0, 10);

			assertThat(titles(get("/api/trending"))).containsExactly("Six");
			assertThat(titles(get("/api/trending?min_rating=5"))).containsExactly("Five Point Nine", "Six");
			assertThat(titles(get("/api/trending?min_rating=0"))).containsExactlyInAnyOrder("Unrated",
					"Five Point Nine", "Six");
			assertBadParameter(get("/api/trending?min_rating=-1"), "min_rating");
		}

		@Test
		void limitDefaultsToTwenty() {
			for (int i = 0; i < 25; i++) {
				movie("Movie " + i, 2024, 7.0, List.of("Drama"), i, 0, 10);
			}

			assertThat(get("/api/trending")).bodyJson()
				.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(20))
				.hasPathSatisfying("$.total_matches", (v) -> v.assertThat().isEqualTo(25))
				.hasPathSatisfying("$.movies", (v) -> v.assertThat().asList().hasSize(20));
		}

		@Test
		void badParametersAreProblem400NamingThem() {
			assertBadParameter(get("/api/trending?limit=0"), "limit");
			assertBadParameter(get("/api/trending?limit=101"), "limit");
			assertBadParameter(get("/api/trending?offset=-1"), "offset");
			assertBadParameter(get("/api/trending?min_year=1200"), "min_year");
			assertBadParameter(get("/api/trending?limit=ten"), "limit");
		}

	}

	@Nested
	class TopRated {

		@Test
		void ninePointFiveWithThreeVotesDoesNotBeatEightPointEightWithTwentyThousand() {
			movie("Three Votes", 2000, 9.5, List.of("Drama"), 3, 0, null);
			movie("Twenty Thousand", 2000, 8.8, List.of("Drama"), 20000, 0, null);
			for (int i = 0; i < 3; i++) {
				movie("Average " + i, 2000, 6.0 + i * 0.5, List.of("Drama"), 20000 + i, 0, null);
			}

			// by default (m = 100) it is not eligible at all; admitted (m = 3) it is
			// pulled towards the catalogue mean C = 7.2: WR = (3 * 9.5 + 3 * 7.2) / 6 =
			// 8.35
			assertThat(titles(get("/api/top-rated"))).first().isEqualTo("Twenty Thousand");
			assertThat(titles(get("/api/top-rated"))).doesNotContain("Three Votes");
			assertThat(titles(get("/api/top-rated?min_votes=3"))).startsWith("Twenty Thousand", "Three Votes");
		}

		@Test
		void weightedRatingReordersEligibleMoviesByTheirVotes() {
			movie("Barely Eligible", 2000, 9.2, List.of("Drama"), 150, 0, null);
			movie("Well Known", 2000, 8.9, List.of("Drama"), 20000, 0, null);
			movie("Average", 2000, 6.0, List.of("Drama"), 20000, 0, null);

			assertThat(titles(get("/api/top-rated?min_rating=0"))).containsExactly("Well Known", "Barely Eligible",
					"Average");
		}

		@Test
		void onlyMoviesRatedSevenOrMoreByDefault() {
			movie("Seven", 2000, 7.0, List.of("Drama"), 20000, 0, null);
			movie("Six Point Nine", 2000, 6.9, List.of("Drama"), 20000, 0, null);

			assertThat(titles(get("/api/top-rated"))).containsExactly("Seven");
			assertThat(titles(get("/api/top-rated?min_rating=6.5"))).containsExactly("Seven", "Six Point Nine");
			assertBadParameter(get("/api/top-rated?min_rating=10.5"), "min_rating");
		}

		@Test
		void unratedMoviesAreLeftOut() {
			movie("Unrated", 2000, null, List.of("Drama"), 20000, 0, null);
			movie("Rated", 2000, 7.0, List.of("Drama"), 20000, 0, null);

			assertThat(titles(get("/api/top-rated"))).containsExactly("Rated");
		}

		@Test
		void negativeMinVotesIsProblem400NamingIt() {
			assertBadParameter(get("/api/top-rated?min_votes=-1"), "min_votes");
		}

	}

	private MvcTestResult get(String uri, Object... variables) {
		return this.mvc.get().uri(uri, variables).exchange();
	}

	private static List<String> titles(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return JsonPath.read(body(result), "$.movies[*].title");
	}

	private static List<Integer> years(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return JsonPath.read(body(result), "$.movies[*].year");
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	private static void assertBadParameter(MvcTestResult result, String parameter) {
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[*].parameter", (v) -> v.assertThat().asList().contains(parameter));
	}

	private void describe(String title, String description) {
		this.jdbc.sql("UPDATE movies SET description_full = :description WHERE title = :title")
			.param("description", description)
			.param("title", title)
			.update();
	}

	private void cast(String title, String... names) {
		String cast = JsonMapper.shared()
			.writeValueAsString(List.of(names).stream().map((name) -> Map.of("name", name)).toList());
		this.jdbc.sql("UPDATE movies SET \"cast\" = CAST(:cast AS jsonb) WHERE title = :title")
			.param("cast", cast)
			.param("title", title)
			.update();
	}

	private void movie(String title, String titleEnglish, int year, double rating, int likes) {
		insert(title, titleEnglish, year, rating, List.of("Drama"), likes, 0, null);
	}

	private void movie(String title, int year, Double rating, List<String> genres, int likes, int downloads,
			Integer uploadedDaysAgo) {
		insert(title, null, year, rating, genres, likes, downloads, uploadedDaysAgo);
	}

	private void insert(String title, String titleEnglish, int year, Double rating, List<String> genres, int likes,
			int downloads, Integer uploadedDaysAgo) {
		this.jdbc.sql("""
				INSERT INTO movies (external_id, title, title_english, year, rating, genres, like_count, download_count,
				                    date_uploaded)
				VALUES (:externalId, :title, :titleEnglish, :year, :rating, :genres, :likes, :downloads,
				        now() - make_interval(days => :daysAgo))
				""")
			.param("externalId", this.nextExternalId++)
			.param("title", title)
			.param("titleEnglish", titleEnglish)
			.param("year", year)
			.param("rating", rating)
			.param("genres", genres.toArray(String[]::new))
			.param("likes", likes)
			.param("downloads", downloads)
			.param("daysAgo", uploadedDaysAgo)
			.update();
	}

}
