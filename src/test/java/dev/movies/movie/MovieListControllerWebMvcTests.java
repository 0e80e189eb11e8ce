package dev.movies.movie;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The list endpoints' web layer alone: defaults, binding and the Bean Validation 400s.
 * What the lists hold is MovieListControllerTests', on the real database.
 */
@WebMvcTest(MovieListController.class)
@AutoConfigureMockMvc(addFilters = false)
class MovieListControllerWebMvcTests {

	private static final MovieList EMPTY = new MovieList(0, 0L, List.of(), null);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	MovieRepository movies;

	@Autowired
	CatalogueProperties properties;

	@Test
	void searchStripsTheQueryAndAppliesTheDefaults() {
		given(this.movies.search(anyString(), anyInt(), anyLong(), anyInt(), anyInt())).willReturn(EMPTY);

		assertThat(this.mvc.get().uri("/api/search?query={q}", "  godfather ")).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);

		verify(this.movies).search("godfather", 10, 0, this.properties.searchTextPool(),
				this.properties.searchTitlePool());
	}

	@Test
	void trendingBindsSnakeCaseParameters() {
		given(this.movies.trending(anyInt(), anyDouble(), eq(this.properties.trendingHalfLife()),
				eq(this.properties.trendingDownloadsPerLike()), anyInt(), anyLong()))
			.willReturn(EMPTY);

		assertThat(this.mvc.get().uri("/api/trending?min_year=2001&min_rating=5.5&limit=7&offset=14")).hasStatusOk();

		verify(this.movies).trending(2001, 5.5, this.properties.trendingHalfLife(),
				this.properties.trendingDownloadsPerLike(), 7, 14);
	}

	@Test
	void outOfRangeParametersAre400NamingEachOne() {
		assertThat(this.mvc.get().uri("/api/top-rated?limit=0&min_rating=11")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[*].parameter",
					(v) -> v.assertThat().asList().containsExactlyInAnyOrder("limit", "min_rating"));
		verifyNoInteractions(this.movies);
	}

	@Test
	void anOffsetBeyondTenThousandIs400OnEveryList() {
		for (String uri : List.of("/api/search?query=the&offset=10001", "/api/trending?offset=10001",
				"/api/top-rated?offset=2147483648", "/api/recommendations/genres?genres=Drama&offset=2147483647")) {
			assertThat(this.mvc.get().uri(uri)).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("offset"))
				.hasPathSatisfying("$.errors[0].message",
						(v) -> v.assertThat().isEqualTo("must be between 0 and 10000"));
		}
		verifyNoInteractions(this.movies);
	}

	@Test
	void aBlankOrMissingQueryIs400() {
		assertBadRequest("/api/search?query={q}", "query", " ");
		assertBadRequest("/api/search", "query");
		assertBadRequest("/api/search?query={q}", "query", "heat\u0000");
		verifyNoInteractions(this.movies);
	}

	@Test
	void aNumberThatIsNoNumberIs400() {
		assertBadRequest("/api/trending?min_year=recent", "min_year");
	}

	@Test
	void genresAreRequiredForTheGenreList() {
		assertBadRequest("/api/recommendations/genres", "genres");
	}

	private void assertBadRequest(String uri, String parameter, Object... variables) {
		assertThat(this.mvc.get().uri(uri, variables)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo(parameter));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CatalogueProperties.class)
	static class Properties {

	}

}
