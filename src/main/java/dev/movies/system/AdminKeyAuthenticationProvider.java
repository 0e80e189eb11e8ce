package dev.movies.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Compares a presented admin key with {@code ADMIN_API_KEY} in constant time: both are
 * hashed first, so neither the content nor the length of the expected key leaks through
 * the comparison's timing.
 */
@Component
class AdminKeyAuthenticationProvider implements AuthenticationProvider {

	private final byte[] expected;

	AdminKeyAuthenticationProvider(AdminProperties properties) {
		this.expected = properties.adminEnabled() ? sha256(properties.adminApiKey()) : null;
	}

	boolean enabled() {
		return this.expected != null;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (this.expected == null) {
			throw new DisabledException("Admin operations are disabled: ADMIN_API_KEY is not set");
		}
		Object key = authentication.getCredentials();
		if (!(key instanceof String presented) || !MessageDigest.isEqual(sha256(presented), this.expected)) {
			throw new BadCredentialsException("The admin API key is not valid");
		}
		return AdminKeyAuthentication.admin();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return AdminKeyAuthentication.class.isAssignableFrom(authentication);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform provides SHA-256", ex);
		}
	}

}
