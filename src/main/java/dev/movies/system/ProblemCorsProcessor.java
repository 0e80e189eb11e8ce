package dev.movies.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Refuses a cross-origin request with problem+json, like every other error, not Spring's
 * plain text.
 */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

	private static final byte[] BODY = """
			{"type":"about:blank","title":"Forbidden","status":403,\
			"detail":"This origin, method or header is not allowed for cross-origin requests (CORS_ALLOWED_ORIGINS)"}\
			""".getBytes(StandardCharsets.UTF_8);

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getBody().write(BODY);
		response.flush();
	}

}
