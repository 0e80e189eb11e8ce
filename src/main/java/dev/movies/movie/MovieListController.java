package dev.movies.movie;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.movies.system.InvalidRequestException;

import org.hibernate.validator.constraints.Range;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Catalogue lists that need no embeddings: search, genres, trending and top rated. */
@RestController
@RequestMapping("/api")
class MovieListController {

	/**
	 * The deepest row a list may skip to (docs/security.md, "Cost limits"): an OFFSET of
	 * millions makes PostgreSQL sort and skip the whole filtered set per request.
	 */
	static final long MAX_OFFSET = 10_000;

	private final MovieRepository movies;

	private final CatalogueProperties properties;

	MovieListController(MovieRepository movies, CatalogueProperties properties) {
		this.movies = movies;
		this.properties = properties;
	}

	@GetMapping("/search")
	MovieList search(@RequestParam @NotBlank @Size(max = 200) String query,
			@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit,
			@RequestParam(defaultValue = "0") @Range(min = 0, max = MAX_OFFSET) long offset) {
		if (query.indexOf('\u0000') >= 0) {
			// PostgreSQL text cannot hold NUL: refuse it here rather than fail in the
			// database
			throw InvalidRequestException.of("query", "must not contain NUL characters", query.replace('\u0000', ' '));
		}
		return this.movies.search(query.strip(), limit, offset, this.properties.searchTextPool(),
				this.properties.searchTitlePool());
	}

	@GetMapping("/genres")
	Genres genres() {
		return new Genres(this.movies.genres());
	}

	/** {@code GET /api/genres}: every genre of the catalogue with its movie count. */
	record Genres(int total, List<GenreCount> genres) {

		Genres(List<GenreCount> genres) {
			this(genres.size(), List.copyOf(genres));
		}

	}

	@GetMapping("/recommendations/genres")
	MovieList byGenres(@RequestParam @Size(max = 50) List<String> genres,
			@RequestParam(name = "min_rating",
					defaultValue = "6.0") @DecimalMin("0") @DecimalMax("10") double minRating,
			@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit,
			@RequestParam(defaultValue = "0") @Range(min = 0, max = MAX_OFFSET) long offset) {
		// as on every recommendation endpoint: a blank genre is no genre, NUL is refused
		if (genres.stream().anyMatch((genre) -> genre != null && genre.indexOf('\u0000') >= 0)) {
			throw InvalidRequestException.of("genres", "must not contain NUL characters", null);
		}
		List<String> names = genres.stream()
			.filter((genre) -> genre != null && !genre.isBlank())
			.map(String::strip)
			.toList();
		if (names.isEmpty()) {
			throw InvalidRequestException.of("genres", "is required: at least one genre name", null);
		}
		return this.movies.byGenres(names, minRating, this.properties.genrePriorVotes(), limit, offset);
	}

	@GetMapping("/trending")
	MovieList trending(
			@RequestParam(name = "min_year",
					defaultValue = "2020") @Min(MovieRecord.MIN_YEAR) @Max(MovieRecord.MAX_YEAR) int minYear,
			@RequestParam(name = "min_rating",
					defaultValue = "6.0") @DecimalMin("0") @DecimalMax("10") double minRating,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(defaultValue = "0") @Range(min = 0, max = MAX_OFFSET) long offset) {
		return this.movies.trending(minYear, minRating, this.properties.trendingHalfLife(),
				this.properties.trendingDownloadsPerLike(), limit, offset);
	}

	@GetMapping("/top-rated")
	MovieList topRated(@RequestParam(name = "min_votes", defaultValue = "100") @Min(0) int minVotes,
			@RequestParam(name = "min_rating",
					defaultValue = "7.0") @DecimalMin("0") @DecimalMax("10") double minRating,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(defaultValue = "0") @Range(min = 0, max = MAX_OFFSET) long offset) {
		return this.movies.topRated(minVotes, minRating, limit, offset);
	}

}
