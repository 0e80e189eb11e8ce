package dev.movies.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import dev.movies.web.CatalogueMap.MapAnswer;
import dev.movies.web.CatalogueMap.MapSnapshot;

/**
 * {@code GET /api/map}: every embedded movie as a point of the catalogue's 2-D
 * projection, in parallel arrays (ids, x, y, genre index, title, year) because 36,000
 * objects with repeated keys would triple the bytes.
 */
@RestController
@RequestMapping("/api")
class MapController {

	private final CatalogueMap map;

	MapController(CatalogueMap map) {
		this.map = map;
	}

	@GetMapping("/map")
	ResponseEntity<?> map(WebRequest request) {
		MapAnswer answer = this.map.current();
		MapSnapshot snapshot = answer.snapshot();
		if (snapshot == null) {
			if (MapAnswer.FAILED.equals(answer.status())) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						answer.failure());
				problem.setTitle("Map unavailable");
				return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
					.header(HttpHeaders.RETRY_AFTER, "5")
					.body(problem);
			}
			// Accepted: being computed in the background; the page asks again.
			return ResponseEntity.accepted()
				.header(HttpHeaders.RETRY_AFTER, "1")
				.cacheControl(CacheControl.noStore())
				.body(Map.of("status", answer.status()));
		}
		// The map only changes with the catalogue: a page reload revalidates and gets a
		// 304.
		if (MapAnswer.READY.equals(answer.status()) && request.checkNotModified(snapshot.etag())) {
			return null;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", answer.status());
		body.put("count", snapshot.ids().length);
		body.put("model", snapshot.model());
		body.put("computed_at", snapshot.computedAt());
		body.put("compute_millis", snapshot.computeMillis());
		body.put("grid", CatalogueMap.GRID);
		body.put("genres", snapshot.genres());
		body.put("ids", snapshot.ids());
		body.put("x", snapshot.x());
		body.put("y", snapshot.y());
		body.put("genre", snapshot.genre());
		body.put("titles", snapshot.titles());
		body.put("years", snapshot.years());
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().cacheControl(CacheControl.noCache());
		if (MapAnswer.READY.equals(answer.status())) {
			ok.eTag(snapshot.etag());
		}
		return ok.body(body);
	}

}
