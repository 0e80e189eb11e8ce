package dev.movies.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, the request line sent byte for byte:
 * {@code java.net.http} and Spring's clients normalise or refuse the odd paths an
 * attacker sends ({@code /./}, {@code //}, {@code ;x}, a bare {@code %}).
 */
public final class RawHttp {

	private RawHttp() {
	}

	public static Response send(int port, String method, String rawTarget, Map<String, String> headers, byte[] body)
			throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			StringBuilder head = new StringBuilder();
			head.append(method).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
			head.append("Host: 127.0.0.1:").append(port).append("\r\n");
			head.append("Connection: close\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (body != null && !headers.containsKey("Transfer-Encoding")) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return Response.parse(socket.getInputStream());
		}
	}

	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		static Response parse(InputStream in) throws IOException {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).trim());
				}
			}
			String body = end < 0 ? "" : text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Response(status, headers, body);
		}

		/**
		 * The body of a chunked answer without its chunk sizes (sizes count bytes; ASCII
		 * bodies are assumed).
		 */
		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (at < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", at);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					break;
				}
				byte[] rest = chunked.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
				String chunk = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
				body.append(chunk);
				at = lineEnd + 2 + chunk.length() + 2;
			}
			return body.toString();
		}

	}

}
