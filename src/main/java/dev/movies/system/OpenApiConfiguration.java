package dev.movies.system;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI document ({@code /openapi.json}) names each property as the answers do.
 * springdoc describes the records through swagger-core, which reads them with its own
 * Jackson 2 mapper and knows nothing of the service's Jackson 3 mapper
 * ({@code spring.jackson.property-naming-strategy: SNAKE_CASE}): the document said
 * {@code totalMatches} where the answer says {@code total_matches}, and a client
 * generated from it sent and expected the wrong names. The model resolver here reads the
 * records with the service mapper's naming strategy.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/**
	 * Replaces swagger-core's default resolver (springdoc swaps a registered converter of
	 * the same class); first in the list, so springdoc's own converters, added in front
	 * of it, still see each type before it does.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ModelResolver wireNamesModelResolver(ObjectMapper serviceMapper) {
		com.fasterxml.jackson.databind.ObjectMapper mapper = Json31.mapper().copy();
		PropertyNamingStrategy naming = serviceMapper.serializationConfig().getPropertyNamingStrategy();
		if (naming instanceof PropertyNamingStrategies.NamingBase base) {
			mapper.setPropertyNamingStrategy(new SameNaming(base));
		}
		else if (naming != null) {
			throw new IllegalStateException("The OpenAPI document cannot follow the naming strategy " + naming);
		}
		return new ModelResolver(mapper).openapi31(true);
	}

	/** The service mapper's naming, as the Jackson 2 strategy swagger-core reads. */
	private static final class SameNaming extends com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase {

		private final PropertyNamingStrategies.NamingBase naming;

		SameNaming(PropertyNamingStrategies.NamingBase naming) {
			this.naming = naming;
		}

		@Override
		public String translate(String name) {
			// a NamingBase names every kind of property by translate(name) alone
			return this.naming.nameForField(null, null, name);
		}

	}

}
