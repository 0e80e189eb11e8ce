package dev.movies.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access to {@code /api/**} for browser front ends on other origins. Off unless origins
 * are named: the API is meant for servers and same-origin pages first.
 *
 * @param allowedOrigins origins allowed to call the API from a browser ({@code CORS_ALLOWED_ORIGINS},
 * comma-separated, e.g. {@code https://movies.example.com}); empty turns CORS off
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("movies.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {

	public CorsProperties {
		// "a.example, b.example" and a trailing comma mean what the operator meant.
		allowedOrigins = allowedOrigins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
	}

	public boolean enabled() {
		return !this.allowedOrigins.isEmpty();
	}

}
