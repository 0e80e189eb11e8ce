package dev.movies.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.buf.MessageBytes;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error page for what the container refuses before any servlet runs (an invalid
 * or over-long request line or header, an encoded {@code /} or NUL in the path):
 * problem+json, like every other error of the service, instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	/**
	 * Tomcat's message when it refuses a request path (an encoded NUL, / or \\, /../, a
	 * broken %-escape), alone or followed by the decoder's reason.
	 */
	private static final String INVALID_URI = "Invalid URI";

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String problem = problem(request, response, throwable, code);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(problem);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response is committed: nothing more to say
		}
	}

	/**
	 * The problem for what Tomcat refused, saying what was wrong where Tomcat tells: a
	 * request line too long to read (414), headers too large (431), an invalid path (400
	 * naming the path). Only fixed texts: nothing from the refused request is echoed.
	 */
	private static String problem(Request request, Response response, Throwable throwable, int code) {
		boolean tooLarge = code == 400 && throwable instanceof IllegalArgumentException
				&& throwable.getMessage() != null && throwable.getMessage().contains("too large");
		if (tooLarge) {
			MessageBytes uri = request.getCoyoteRequest().requestURI();
			if (uri == null || uri.isNull() || uri.getLength() == 0) {
				// the request line itself did not fit: its path and query string
				return json(response, HttpStatus.URI_TOO_LONG,
						"The request's path and query string are longer than this service reads; "
								+ "send shorter parameters, or long input in a POST body",
						"uri", "is too long");
			}
			return json(response, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
					"The request's headers are larger than this service reads", "headers", "are too large");
		}
		// "Invalid URI", or "Invalid URI: [reason]" when decoding failed (an encoded '/',
		// a
		// broken %-escape)
		String refusal = response.getMessage();
		if (code == 400 && refusal != null && refusal.startsWith(INVALID_URI)) {
			MessageBytes uri = request.getCoyoteRequest().requestURI();
			boolean nul = uri != null && !uri.isNull() && uri.toString().contains("%00");
			boolean badEscape = refusal.contains("hexadecimal") || refusal.contains("EOF");
			String message = nul ? "must not contain an encoded NUL character (%00)" : badEscape
					? "must be valid percent-encoding: '%' followed by two hexadecimal digits"
					: "must be a valid path: no encoded NUL (%00), '/' (%2F) or '\\' (%5C), and no /../ above the root";
			return json(response, HttpStatus.BAD_REQUEST, "The request path is invalid: it " + message, "path",
					message);
		}
		if (code == 400 && !utf8(request.getCoyoteRequest().requestURI())) {
			String message = "must be percent-encoded UTF-8";
			return json(response, HttpStatus.BAD_REQUEST, "The request path is invalid: it " + message, "path",
					message);
		}
		HttpStatus status = HttpStatus.resolve(code);
		String title = (status != null) ? status.getReasonPhrase() : "Error";
		String detail = (code >= 500) ? "An unexpected error occurred; it has been logged"
				: "The request could not be processed: " + title;
		return "{\"type\":\"about:blank\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}".formatted(title, code,
				detail);
	}

	/**
	 * Whether the path's %-escapes decode to UTF-8 (Tomcat refuses {@code %E0%A4} with a
	 * bare 400); {@code true} when there is no path to tell.
	 */
	private static boolean utf8(MessageBytes uri) {
		if (uri == null || uri.isNull()) {
			return true;
		}
		String raw = uri.toString();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			int high = (c == '%' && i + 2 < raw.length()) ? Character.digit(raw.charAt(i + 1), 16) : -1;
			int low = (high >= 0) ? Character.digit(raw.charAt(i + 2), 16) : -1;
			if (low >= 0) {
				bytes.write(high * 16 + low);
				i += 2;
			}
			else {
				bytes.write(c & 0x7F);
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static String json(Response response, HttpStatus status, String detail, String parameter, String message) {
		response.setStatus(status.value());
		return ("{\"type\":\"about:blank\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\","
				+ "\"errors\":[{\"parameter\":\"%s\",\"message\":\"%s\"}]}")
			.formatted(status.getReasonPhrase(), status.value(), escape(detail), parameter, escape(message));
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
