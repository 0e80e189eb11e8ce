package dev.movies.system;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.ObjectMapper;

/**
 * Writes a problem+json answer from a servlet filter, where no controller advice runs
 * (the security chain, the firewall).
 */
final class ProblemResponses {

	private final ObjectMapper json;

	ProblemResponses(ObjectMapper json) {
		this.json = json;
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		body.setInstance(instance(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), body);
	}

	/**
	 * The request path as the instance; this constructor quotes what is not legal in a
	 * URI, so an odd path (the very thing the firewall refuses) cannot break the answer
	 * itself.
	 */
	static URI instance(String path) {
		try {
			return new URI(null, null, path, null);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
