package dev.movies.system;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The admin API key a request presented as {@code Authorization: Bearer <key>}:
 * unauthenticated until {@link AdminKeyAuthenticationProvider} has compared it, then the
 * operator with the {@code ROLE_ADMIN} authority. The key itself is dropped once checked.
 */
final class AdminKeyAuthentication extends AbstractAuthenticationToken {

	static final String ROLE = "ADMIN";

	private final String key;

	private AdminKeyAuthentication(String key, boolean authenticated) {
		super(authenticated ? List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)) : List.of());
		this.key = key;
		setAuthenticated(authenticated);
	}

	static AdminKeyAuthentication presented(String key) {
		return new AdminKeyAuthentication(key, false);
	}

	static AdminKeyAuthentication admin() {
		return new AdminKeyAuthentication(null, true);
	}

	@Override
	public Object getCredentials() {
		return this.key;
	}

	@Override
	public Object getPrincipal() {
		return "admin";
	}

}
