package dev.movies.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what a request without the admin key may cost: its body
 * ({@code max-request-body}, 413 beyond, whether announced by Content-Length or streamed
 * chunked) and each of its database statements ({@code query-timeout}). Runs in the
 * security chain, after authentication.
 */
final class RequestLimitsFilter extends OncePerRequestFilter {

	private final RequestLimitsProperties limits;

	private final ProblemResponses problems;

	RequestLimitsFilter(RequestLimitsProperties limits, ProblemResponses problems) {
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)) {
			chain.doFilter(request, response);
			return;
		}
		long max = this.limits.maxRequestBody().toBytes();
		if (request.getContentLengthLong() > max) {
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge(max));
			return;
		}
		RequestQueryTimeout.set(this.limits.queryTimeoutSeconds());
		try {
			chain.doFilter(new LimitedBodyRequest(request, max), response);
		}
		finally {
			RequestQueryTimeout.clear();
		}
	}

	static String tooLarge(long max) {
		return "The request body is larger than the %d bytes a request without the admin key may send".formatted(max);
	}

	/** Thrown while a streamed (chunked) body is read past the limit; answered 413. */
	static final class BodyTooLargeException extends IOException {

		private final long max;

		BodyTooLargeException(long max) {
			super(tooLarge(max));
			this.max = max;
		}

		long max() {
			return this.max;
		}

	}

	private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

		private final long max;

		private ServletInputStream stream;

		LimitedBodyRequest(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Limited(super.getInputStream(), this.max);
			}
			return this.stream;
		}

	}

	private static final class Limited extends ServletInputStream {

		private final ServletInputStream in;

		private final long max;

		private long read;

		Limited(ServletInputStream in, long max) {
			this.in = in;
			this.max = max;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.max) {
				throw new BodyTooLargeException(this.max);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
