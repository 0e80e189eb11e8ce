package dev.movies.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminApiKey the bearer token that admin operations require
 * ({@code ADMIN_API_KEY}); with none configured, admin operations are refused, never open
 */
@ConfigurationProperties("movies")
public record AdminProperties(String adminApiKey) {

	public boolean adminEnabled() {
		return this.adminApiKey != null && !this.adminApiKey.isBlank();
	}

}
