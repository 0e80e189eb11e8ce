package dev.movies.movie;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original API's health answer and the addresses its users know the API description
 * by. (The probes for orchestrators are the actuator's; this is what the original's
 * monitors call; it lives with the catalogue it reports on.)
 */
@RestController
class HealthController {

	/**
	 * The version the original reports when the jar carries none (a build from the
	 * sources).
	 */
	private static final String VERSION = versionOf(HealthController.class);

	private final MovieRepository movies;

	HealthController(MovieRepository movies) {
		this.movies = movies;
	}

	/**
	 * {@code database}: {@code connected} with at least one movie, {@code no_data} on an
	 * empty catalogue. An unreachable database is a 503 problem+json
	 * (ApiExceptionHandler).
	 */
	@GetMapping("/health")
	Health health() {
		return new Health("healthy", VERSION, this.movies.isEmpty() ? "no_data" : "connected");
	}

	/**
	 * ReDoc is not bundled; its address leads to the same interactive description as
	 * /docs.
	 */
	@GetMapping("/redoc")
	ResponseEntity<Void> redoc() {
		return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/docs")).build();
	}

	private static String versionOf(Class<?> type) {
		String version = type.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

	record Health(String status, String version, String database) {
	}

}
