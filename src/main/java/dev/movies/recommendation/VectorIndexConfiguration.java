package dev.movies.recommendation;

import dev.movies.vector.IndexSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the vector feature builds the index this feature searches: from
 * {@code movies.recommendations.index.*}, which also holds the index's query-time
 * settings.
 */
@Configuration(proxyBeanMethods = false)
class VectorIndexConfiguration {

	@Bean
	static IndexSettings vectorIndexSettings(RecommendationProperties properties) {
		return properties.index().build();
	}

}
