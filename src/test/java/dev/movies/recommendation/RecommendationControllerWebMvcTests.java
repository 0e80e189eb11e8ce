package dev.movies.recommendation;

import java.util.List;
import java.util.Set;

import dev.movies.movie.Movie;
import dev.movies.movie.MovieNotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The web layer alone: parameter binding, the 400s, the answer's media type. The searches
 * themselves are RecommendationControllerTests', on the real database; the admin key is
 * AdminAttackTests'.
 */
@WebMvcTest(RecommendationController.class)
@AutoConfigureMockMvc(addFilters = false)
class RecommendationControllerWebMvcTests {

	private static final Recommendations HEAT = new Recommendations(List.of(new RecommendedMovie(
			new Movie(7L, 70L, "tt0113277", "Heat", "Heat", 1995, 8.3, 170, List.of("Crime", "Drama"), null,
					"A thief and a detective.", "en", 10, 20, null, null, null, null, null, List.of()),
			0.91, 0.09, null)), DistanceMetric.COSINE, "similar to Ronin (1998)");

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	RecommendationService service;

	@Test
	void bindsEverySnakeCaseParameterIntoTheSearchOptions() {
		given(this.service.similarToMovie(anyLong(), any())).willReturn(HEAT);

		assertThat(this.mvc.get()
			.uri("/api/recommendations/movie/5?limit=3&offset=6&distance_metric=l2&genres=Crime&genres=Drama"
					+ "&genre_match=all&min_rating=7.5&min_year=1990&max_year=2000&language=en&exclude=8&exclude=9"
					+ "&min_similarity=0.2&diversity=0.5&strategy=best_score&explain=true"))
			.hasStatusOk();

		ArgumentCaptor<SearchOptions> options = ArgumentCaptor.forClass(SearchOptions.class);
		verify(this.service).similarToMovie(eq(5L), options.capture());
		SearchOptions bound = options.getValue();
		assertThat(bound.metric()).isEqualTo(DistanceMetric.L2);
		assertThat(bound.limit()).isEqualTo(3);
		assertThat(bound.offset()).isEqualTo(6);
		assertThat(bound.filters().genreKeys()).containsExactlyInAnyOrder("crime", "drama");
		assertThat(bound.filters().matchAll()).isTrue();
		assertThat(bound.filters().minRating()).isEqualTo(7.5);
		assertThat(bound.filters().minYear()).isEqualTo(1990);
		assertThat(bound.filters().maxYear()).isEqualTo(2000);
		assertThat(bound.filters().language()).isEqualTo("en");
		assertThat(bound.filters().exclude()).isEqualTo(Set.of(8L, 9L));
		assertThat(bound.minSimilarity()).isEqualTo(0.2);
		assertThat(bound.diversity()).isEqualTo(0.5);
		assertThat(bound.strategy()).isEqualTo(Strategy.BEST_SCORE);
		assertThat(bound.explain()).isTrue();
	}

	@Test
	void withoutParametersTheDefaultsApply() {
		given(this.service.forText(any(), any())).willReturn(HEAT);

		assertThat(this.mvc.get().uri("/api/recommendations/text?text=a heist")).hasStatusOk();

		ArgumentCaptor<SearchOptions> options = ArgumentCaptor.forClass(SearchOptions.class);
		verify(this.service).forText(eq("a heist"), options.capture());
		assertThat(options.getValue().metric()).isEqualTo(DistanceMetric.COSINE);
		assertThat(options.getValue().limit()).isEqualTo(SearchOptions.DEFAULT_LIMIT);
		assertThat(options.getValue().offset()).isZero();
		assertThat(options.getValue().explain()).isFalse();
	}

	@Test
	void jsonIsTheDefaultAndCarriesTheApiFieldNames() {
		given(this.service.similarToExternalId(anyLong(), any())).willReturn(HEAT);

		assertThat(this.mvc.get().uri("/api/recommendations/external/70")).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.bodyJson()
			.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(1))
			.hasPathSatisfying("$.distance_metric", (v) -> v.assertThat().isEqualTo("cosine"))
			.hasPathSatisfying("$.movies[0].title", (v) -> v.assertThat().isEqualTo("Heat"))
			.hasPathSatisfying("$.movies[0].similarity_score", (v) -> v.assertThat().isEqualTo(0.91));
	}

	@Test
	void textPlainIsTheNumberedListing() {
		given(this.service.similarToMovie(anyLong(), any())).willReturn(HEAT);

		assertThat(this.mvc.get().uri("/api/recommendations/movie/5").accept(MediaType.TEXT_PLAIN)).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.bodyText()
			.startsWith("Recommendations similar to Ronin (1998) (cosine, 1 movie):")
			.contains("1. Heat (1995)");
	}

	@Test
	void examplesAreReadFromTheJsonBody() {
		given(this.service.forExamples(any(), any(), any(), any())).willReturn(HEAT);

		assertThat(this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"liked\": [1, 2], \"disliked\": [3], \"text\": \"heist\", \"limit\": 4}")).hasStatusOk();

		ArgumentCaptor<SearchOptions> options = ArgumentCaptor.forClass(SearchOptions.class);
		verify(this.service).forExamples(eq(List.of(1L, 2L)), eq(List.of(3L)), eq("heist"), options.capture());
		assertThat(options.getValue().limit()).isEqualTo(4);
	}

	@Test
	void unknownMetricIs400NamingTheAllowedValues() {
		assertBadRequest("/api/recommendations/movie/5?distance_metric=manhattan", "distance_metric",
				"cosine, l2, inner_product");
	}

	@Test
	void limitOutOfRangeIs400NotAClamp() {
		assertBadRequest("/api/recommendations/movie/5?limit=0", "limit", "between 1 and 100");
		assertBadRequest("/api/recommendations/movie/5?limit=101", "limit", "between 1 and 100");
		assertBadRequest("/api/recommendations/movie/5?limit=ten", "limit", "whole number");
	}

	@Test
	void contradictingFiltersAre400() {
		assertBadRequest("/api/recommendations/movie/5?min_year=2010&max_year=2000", "min_year", "max_year");
		assertBadRequest("/api/recommendations/movie/5?min_rating=11", "min_rating", "between 0 and 10");
		assertBadRequest("/api/recommendations/movie/5?genre_match=some", "genre_match", "any, all");
		assertBadRequest("/api/recommendations/movie/5?diversity=2", "diversity", "between 0 and 1");
		assertBadRequest("/api/recommendations/movie/5?offset=-1", "offset", "between 0");
	}

	@Test
	void everyBadParameterIsNamedInOneAnswer() {
		assertThat(this.mvc.get().uri("/api/recommendations/movie/5?limit=0&offset=-1&distance_metric=x"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[*].parameter",
					(v) -> v.assertThat().asList().containsExactlyInAnyOrder("limit", "offset", "distance_metric"));
	}

	@Test
	void aMovieIdThatIsNoNumberIs400() {
		assertBadRequest("/api/recommendations/movie/heat", "movie_id", "whole number");
		verifyNoInteractions(this.service);
	}

	@Test
	void aMissingTextIs400() {
		assertBadRequest("/api/recommendations/text", "text", "is required");
	}

	@Test
	void aBodyThatIsNoJsonIs400AndAnotherMediaTypeIs415() {
		assertThat(this.mvc.post().uri("/api/recommendations").contentType(MediaType.APPLICATION_JSON).content("{"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.post().uri("/api/recommendations").contentType(MediaType.TEXT_PLAIN).content("heat"))
			.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
	}

	@Test
	void errorsStayProblemJsonWhenTextPlainIsAccepted() {
		assertThat(this.mvc.get().uri("/api/recommendations/movie/5?limit=0").accept(MediaType.TEXT_PLAIN))
			.hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void aMissingMovieIsA404Problem() {
		given(this.service.similarToMovie(anyLong(), any())).willThrow(MovieNotFoundException.byId(5));

		assertThat(this.mvc.get().uri("/api/recommendations/movie/5")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private void assertBadRequest(String uri, String parameter, String message) {
		assertThat(this.mvc.get().uri(uri)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo(parameter))
			.hasPathSatisfying("$.errors[0].message", (v) -> v.assertThat().asString().contains(message));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RecommendationProperties.class)
	static class Properties {

	}

}
