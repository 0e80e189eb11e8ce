package dev.movies.movie;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/movies")
class MovieController {

	private final MovieRepository movies;

	MovieController(MovieRepository movies) {
		this.movies = movies;
	}

	@GetMapping("/{movieId}")
	Movie byId(@PathVariable long movieId) {
		return this.movies.findById(movieId).orElseThrow(() -> MovieNotFoundException.byId(movieId));
	}

	@GetMapping("/external/{externalId}")
	Movie byExternalId(@PathVariable long externalId) {
		return this.movies.findByExternalId(externalId)
			.orElseThrow(() -> MovieNotFoundException.byExternalId(externalId));
	}

}
