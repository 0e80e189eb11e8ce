package dev.movies.system;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

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

	private static final String HEX = "0123456789ABCDEF";

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
	 * The request path as the instance, as the client sent it: the servlet's request URI
	 * is still percent-encoded, so it is taken as it is ({@code /api/movies/%C3%A9}, not
	 * encoded again into {@code %25C3%25A9}); only what is not legal in a URI (a raw
	 * space or non-ASCII byte, a {@code %} without two hex digits: the very paths the
	 * firewall refuses) is percent-encoded, so an odd path cannot break the answer
	 * itself.
	 */
	static URI instance(String path) {
		if (path == null) {
			return null;
		}
		try {
			return new URI(path);
		}
		catch (URISyntaxException ex) {
			return URI.create(quoteIllegal(path));
		}
	}

	private static String quoteIllegal(String path) {
		StringBuilder quoted = new StringBuilder(path.length() + 16);
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xff;
			boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
			if (escape || (b < 0x80 && (Character.isLetterOrDigit(b) || "-._~!$&'()*+,;=:@/".indexOf(b) >= 0))) {
				quoted.append((char) b);
			}
			else {
				quoted.append('%').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xf));
			}
		}
		return quoted.toString();
	}

	private static boolean isHex(byte b) {
		return HEX.indexOf(Character.toUpperCase(b)) >= 0;
	}

}
