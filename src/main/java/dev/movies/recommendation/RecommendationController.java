package dev.movies.recommendation;

import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recommendation endpoints: JSON by default, the numbered listing with
 * {@code Accept: text/plain} ({@link RecommendationTextConverter}).
 */
@RestController
@RequestMapping(path = "/api/recommendations",
		produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE })
class RecommendationController {

	private final RecommendationService recommendations;

	private final RecommendationProperties properties;

	RecommendationController(RecommendationService recommendations, RecommendationProperties properties) {
		this.recommendations = recommendations;
		this.properties = properties;
	}

	@GetMapping("/movie/{movie_id}")
	Recommendations byMovie(@PathVariable("movie_id") long movieId,
			@ParameterObject RecommendationParameters parameters) {
		return this.recommendations.similarToMovie(movieId, SearchOptions.from(parameters, this.properties));
	}

	@GetMapping("/external/{external_id}")
	Recommendations byExternalId(@PathVariable("external_id") long externalId,
			@ParameterObject RecommendationParameters parameters) {
		return this.recommendations.similarToExternalId(externalId, SearchOptions.from(parameters, this.properties));
	}

	@GetMapping("/text")
	Recommendations byText(@RequestParam String text, @ParameterObject RecommendationParameters parameters) {
		return this.recommendations.forText(text, SearchOptions.from(parameters, this.properties));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Recommendations byExamples(@RequestBody ExampleRequest request) {
		return this.recommendations.forExamples(request.liked(), request.disliked(), request.text(),
				SearchOptions.from(request, this.properties));
	}

}
