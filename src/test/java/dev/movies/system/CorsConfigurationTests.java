package dev.movies.system;

import dev.movies.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS is off by default; ManagementEndpointsTests covers a configured origin. */
@IntegrationTest
class CorsConfigurationTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void noCorsHeadersWithoutConfiguredOrigins() {
		assertThat(this.mvc.get().uri("/api/trending").header(HttpHeaders.ORIGIN, "https://movies.example"))
			.hasStatusOk()
			.doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		assertThat(this.mvc.options()
			.uri("/api/trending")
			.header(HttpHeaders.ORIGIN, "https://movies.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET"))
			.doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
