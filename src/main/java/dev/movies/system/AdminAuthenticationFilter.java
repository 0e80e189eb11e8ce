package dev.movies.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.ObjectMapper;

/**
 * Guards admin operations with {@code Authorization: Bearer <ADMIN_API_KEY>}: catalogue writes, the
 * embedding backfill endpoint and everything under {@code /api/admin}. Reads stay open. A request
 * with the right key is marked with the {@value #ADMIN_ROLE} role, so actuator's
 * {@code show-details: when-authorized} shows it health details.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminAuthenticationFilter extends OncePerRequestFilter {

	static final String ADMIN_ROLE = "ADMIN";

	private static final String BEARER = "Bearer ";

	private final AdminProperties properties;

	private final ObjectMapper json;

	AdminAuthenticationFilter(AdminProperties properties, ObjectMapper json) {
		this.properties = properties;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean authenticated = this.properties.adminEnabled() && hasAdminKey(request);
		if (requiresAdmin(request) && !authenticated) {
			refuse(request, response);
			return;
		}
		chain.doFilter(authenticated ? new AdminRequest(request) : request, response);
	}

	static boolean requiresAdmin(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		HttpMethod method = HttpMethod.valueOf(request.getMethod());
		if (path.startsWith("/api/admin/") || path.equals("/actuator/embeddings")
				|| path.startsWith("/actuator/embeddings/")) {
			return true;
		}
		if (!path.startsWith("/api/")) {
			return false;
		}
		boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
		// POST /api/recommendations only carries a query in its body: a read.
		boolean queryByPost = method == HttpMethod.POST && path.equals("/api/recommendations");
		return !read && !queryByPost;
	}

	private boolean hasAdminKey(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
		byte[] expected = this.properties.adminApiKey().getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(given, expected);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status;
		String detail;
		if (!this.properties.adminEnabled()) {
			status = HttpStatus.FORBIDDEN;
			detail = "Admin operations are disabled: set ADMIN_API_KEY on the service to enable them";
		}
		else {
			status = HttpStatus.UNAUTHORIZED;
			detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
					? "This operation requires 'Authorization: Bearer <ADMIN_API_KEY>'"
					: "The admin API key is not valid";
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), Map.of("type", "about:blank", "title",
				status.getReasonPhrase(), "status", status.value(), "detail", detail, "instance",
				request.getRequestURI()));
	}

	private static final class AdminRequest extends HttpServletRequestWrapper {

		private static final Principal ADMIN = () -> "admin";

		AdminRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public boolean isUserInRole(String role) {
			return ADMIN_ROLE.equals(role) || super.isUserInRole(role);
		}

		@Override
		public Principal getUserPrincipal() {
			return ADMIN;
		}

	}

}
