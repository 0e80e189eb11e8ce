package dev.movies.recommendation;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The numbers of a {@code POST /api/recommendations} body: a fraction where a whole
 * number belongs ({@code "limit": 1.5}, {@code "liked": [140.5]}) was silently truncated
 * by Jackson; it, and every other value of the wrong type or past its range, is a 400
 * problem+json naming the field, and the search never runs. The web layer alone: the
 * service is a stand-in that must not be called.
 */
@WebMvcTest(RecommendationController.class)
@AutoConfigureMockMvc(addFilters = false)
class ExampleRequestNumbersTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	RecommendationService service;

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"liked": [1], "limit": 1.5}                         | limit    | must be a whole number
			{"liked": [140.5]}                                   | liked    | must be a whole number (item 1)
			{"liked": [1, 2e3]}                                  | liked    | must be a whole number (item 2)
			{"liked": [1], "disliked": [2.25]}                   | disliked | must be a whole number (item 1)
			{"liked": [1], "offset": 0.5}                        | offset   | must be a whole number
			{"liked": [1], "offset": 99999999999999999999}       | offset   | must be a whole number between
			{"liked": [99999999999999999999]}                    | liked    | must be a whole number between
			{"liked": [1], "min_year": 1999.5}                   | min_year | must be a whole number
			{"liked": [1], "max_year": true}                     | max_year | must be a whole number
			{"liked": [1], "exclude": [3.5]}                     | exclude  | must be a whole number (item 1)
			{"liked": [1], "limit": "ten"}                       | limit    | must be a whole number
			{"liked": "x"}                                       | liked    | must be
			{"liked": [1], "min_rating": "high"}                 | min_rating | must be a number
			{"liked": [1], "diversity": [0.5]}                   | diversity | must be a number
			{"liked": [1], "genres": {"name": "Drama"}}          | genres   | must be
			{"liked": [1], "limit": " 5"}                        | limit    | must be a whole number
			{"liked": [1], "limit": "+5"}                        | limit    | must be a whole number
			{"liked": [1], "offset": "0x10"}                     | offset   | must be a whole number
			{"liked": ["#2"]}                                    | liked    | must be a whole number (item 1)
			{"liked": [1], "min_rating": "7.5f"}                 | min_rating | must be a number
			{"liked": [1], "min_rating": " 7"}                   | min_rating | must be a number
			{"liked": [1], "min_rating": "NaN"}                  | min_rating | must be a number
			{"liked": [1], "diversity": "0x1p-1"}                | diversity | must be a number
			{"liked": [1], "min_similarity": "0.5d"}             | min_similarity | must be a number
			""")
	void aValueOfTheWrongTypeIsA400NamingItsField(String body, String field, String message) {
		var result = this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[0].parameter").isEqualTo(field);
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().as(body).startsWith(message);
		verifyNoInteractions(this.service);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"liked": [140], "limit": 5, "offset": 0, "min_year": 1990, "max_year": 2000, "exclude": [3]}
			{"liked": ["140"], "limit": "5"}
			{"liked": [140], "min_rating": "7.5", "diversity": 0.5, "min_similarity": -1e-2}
			""")
	void wholeNumbersStillBind(String body) {
		given(this.service.forExamples(anyList(), anyList(), any(), any()))
			.willReturn(new Recommendations(List.of(), DistanceMetric.COSINE, "from examples"));

		assertThat(this.mvc.post().uri("/api/recommendations").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatusOk();
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RecommendationProperties.class)
	static class Properties {

	}

}
