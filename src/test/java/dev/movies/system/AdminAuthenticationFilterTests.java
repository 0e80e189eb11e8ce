package dev.movies.system;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAuthenticationFilterTests {

	@Test
	void readsAreOpen() {
		assertThat(AdminAuthenticationFilter.requiresAdmin(new MockHttpServletRequest("GET", "/api/movies/1")))
			.isFalse();
		assertThat(AdminAuthenticationFilter
			.requiresAdmin(new MockHttpServletRequest("POST", "/api/recommendations"))).isFalse();
		assertThat(AdminAuthenticationFilter.requiresAdmin(new MockHttpServletRequest("GET", "/actuator/health")))
			.isFalse();
	}

	@Test
	void writesBackfillAndAdminPathsNeedTheKey() {
		assertThat(AdminAuthenticationFilter.requiresAdmin(new MockHttpServletRequest("PUT", "/api/movies")))
			.isTrue();
		assertThat(AdminAuthenticationFilter.requiresAdmin(new MockHttpServletRequest("DELETE", "/api/movies/3")))
			.isTrue();
		assertThat(AdminAuthenticationFilter
			.requiresAdmin(new MockHttpServletRequest("GET", "/actuator/embeddings"))).isTrue();
		assertThat(AdminAuthenticationFilter
			.requiresAdmin(new MockHttpServletRequest("POST", "/api/admin/index/rebuild"))).isTrue();
	}

}
