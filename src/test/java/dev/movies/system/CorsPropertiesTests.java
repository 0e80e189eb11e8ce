package dev.movies.system;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which CORS rules each request gets, by method and path, for the settings an operator
 * may give.
 */
class CorsPropertiesTests {

	private static final Duration HALF_HOUR = Duration.ofMinutes(30);

	@Test
	void originsAreTrimmedAndBlanksDropped() {
		CorsProperties cors = new CorsProperties(List.of(" https://a.example", "", "https://b.example "),
				List.of(" * "), HALF_HOUR);

		assertThat(cors.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
		assertThat(cors.readOrigins()).containsExactly("*");
	}

	@Test
	void oneSettingNarrowsReadsAndWriteOriginsMayReadToo() {
		var source = new WebCorsConfiguration.MethodAwareCorsSource(
				new CorsProperties(List.of("https://admin.example"), List.of("https://page.example"), HALF_HOUR));

		assertThat(origins(source, "GET", "/api/trending")).containsExactlyInAnyOrder("https://page.example",
				"https://admin.example");
		assertThat(origins(source, "POST", "/api/recommendations")).contains("https://page.example");
		assertThat(origins(source, "PUT", "/api/movies")).containsExactly("https://admin.example");
		assertThat(origins(source, "GET", "/api/admin/index")).containsExactly("https://admin.example");
		assertThat(origins(source, "POST", "/actuator/embeddings")).containsExactly("https://admin.example");
	}

	@Test
	void readsCanBeTurnedOffAndWritesAreOffUntilOriginsAreNamed() {
		var source = new WebCorsConfiguration.MethodAwareCorsSource(
				new CorsProperties(List.of(), List.of(), HALF_HOUR));

		assertThat(origins(source, "GET", "/api/trending")).isEmpty();
		assertThat(origins(source, "DELETE", "/api/movies/1")).isEmpty();
		assertThat(source.getCorsConfiguration(request("GET", "/static/app.js"))).isNull();
	}

	@Test
	void aPreflightIsJudgedByTheMethodItAnnounces() {
		var source = new WebCorsConfiguration.MethodAwareCorsSource(
				new CorsProperties(List.of(), List.of("*"), HALF_HOUR));
		MockHttpServletRequest preflight = request("OPTIONS", "/api/movies/1");
		preflight.addHeader(HttpHeaders.ORIGIN, "https://page.example");
		preflight.addHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE");

		assertThat(source.getCorsConfiguration(preflight).getAllowedOrigins()).isEmpty();
		assertThat(origins(source, "GET", "/api/movies/1")).containsExactly("*");
	}

	private static List<String> origins(WebCorsConfiguration.MethodAwareCorsSource source, String method, String path) {
		CorsConfiguration configuration = source.getCorsConfiguration(request(method, path));
		assertThat(configuration).as("%s %s", method, path).isNotNull();
		assertThat(configuration.getAllowCredentials()).isFalse();
		return configuration.getAllowedOrigins();
	}

	private static MockHttpServletRequest request(String method, String path) {
		return new MockHttpServletRequest(method, path);
	}

}
