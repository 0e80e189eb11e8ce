package dev.movies.system;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A POST with no body at all carries no Content-Type either ({@code curl -X POST}); for
 * an endpoint whose body is optional ({@code POST /actuator/embeddings}) that is a
 * request without options, not an unsupported media type. Such a request is read as an
 * empty JSON body.
 */
@Component
class EmptyBodyFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean noBody = request.getContentLengthLong() <= 0
				&& request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
		if (noBody && request.getContentType() == null && "POST".equals(request.getMethod())) {
			chain.doFilter(new EmptyJsonRequest(request), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static final class EmptyJsonRequest extends HttpServletRequestWrapper {

		EmptyJsonRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getContentType() {
			return MediaType.APPLICATION_JSON_VALUE;
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE
					: super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
					? Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE)) : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.add(HttpHeaders.CONTENT_TYPE);
			return Collections.enumeration(names);
		}

	}

}
