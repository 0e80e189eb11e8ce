package dev.movies.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer <key>} into an authentication for this request only
 * (nothing is stored between requests). A request without the header, or with a wrong
 * key, continues anonymously: reads stay open to it, and the authorization rules refuse
 * anything else, with the reason this filter leaves in {@link #REJECTED}.
 */
final class AdminKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String REJECTED = AdminKeyAuthenticationFilter.class.getName() + ".REJECTED";

	private static final String BEARER = "Bearer ";

	private final AuthenticationManager authentication;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	AdminKeyAuthenticationFilter(AuthenticationManager authentication) {
		this.authentication = authentication;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			try {
				SecurityContext context = this.contexts.createEmptyContext();
				context.setAuthentication(this.authentication
					.authenticate(AdminKeyAuthentication.presented(header.substring(BEARER.length()).trim())));
				this.contexts.setContext(context);
			}
			catch (AuthenticationException ex) {
				request.setAttribute(REJECTED, ex);
			}
		}
		chain.doFilter(request, response);
	}

}
