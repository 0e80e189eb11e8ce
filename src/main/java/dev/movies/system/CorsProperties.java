package dev.movies.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browser pages on other origins. Reads are open to any origin by
 * default, as the original API was (never with credentials: the API uses none but the
 * admin bearer token); writes and admin operations only to the origins named.
 *
 * @param allowedOrigins origins allowed to write and administer from a browser
 * ({@code CORS_ALLOWED_ORIGINS}, comma-separated, e.g.
 * {@code https://admin.example.com}); empty: none
 * @param readOrigins origins allowed to read ({@code CORS_READ_ORIGINS}); {@code *} (the
 * default) is any origin, empty turns cross-origin reads off
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("movies.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("*") List<String> readOrigins,
		@DefaultValue("30m") Duration maxAge) {

	public CorsProperties {
		// "a.example, b.example" and a trailing comma mean what the operator meant.
		allowedOrigins = clean(allowedOrigins);
		readOrigins = clean(readOrigins);
	}

	private static List<String> clean(List<String> origins) {
		return origins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
	}

}
