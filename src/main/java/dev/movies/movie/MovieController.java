package dev.movies.movie;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/movies")
class MovieController {

	/** JSON Lines' media type, accepted as a synonym of NDJSON. */
	static final String JSONL = "application/jsonl";

	private final MovieRepository movies;

	private final MovieImportService imports;

	MovieController(MovieRepository movies, MovieImportService imports) {
		this.movies = movies;
		this.imports = imports;
	}

	@GetMapping("/{movie_id}")
	Movie byId(@PathVariable("movie_id") long movieId) {
		return this.movies.findById(movieId).orElseThrow(() -> MovieNotFoundException.byId(movieId));
	}

	@GetMapping("/external/{external_id}")
	Movie byExternalId(@PathVariable("external_id") long externalId) {
		return this.movies.findByExternalId(externalId)
			.orElseThrow(() -> MovieNotFoundException.byExternalId(externalId));
	}

	/** Bulk upsert from a JSON array or a YTS response (admin). */
	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ImportResult importJson(HttpServletRequest request) throws IOException {
		return this.imports.importJson(request.getInputStream(), request.getContentLengthLong());
	}

	/** Bulk upsert from NDJSON, one movie per line, streamed (admin). */
	@PutMapping(consumes = { MediaType.APPLICATION_NDJSON_VALUE, JSONL })
	ImportResult importNdjson(HttpServletRequest request) throws IOException {
		return this.imports.importNdjson(request.getInputStream(), request.getContentLengthLong());
	}

	@DeleteMapping("/{movie_id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable("movie_id") long movieId) {
		if (!this.movies.deleteById(movieId)) {
			throw MovieNotFoundException.byId(movieId);
		}
	}

}
