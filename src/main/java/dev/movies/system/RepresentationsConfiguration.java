package dev.movies.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API speaks JSON (and the recommendations' text listing), nothing else. The
 * framework would also answer {@code Accept: application/yaml}, {@code application/xml},
 * CBOR or Smile with whatever converters the classpath brings (YAML came in with the API
 * documentation's libraries), written by mappers without the API's snake_case names: a
 * second, undocumented representation with other field names (found by an outside check:
 * {@code externalId}, {@code totalMatches} in YAML). Such an Accept now gets a 406
 * problem.
 */
@Configuration(proxyBeanMethods = false)
class RepresentationsConfiguration implements WebMvcConfigurer {

	private static final MediaType[] FOREIGN = { MediaType.APPLICATION_YAML, MediaType.APPLICATION_XML,
			MediaType.TEXT_XML, MediaType.APPLICATION_CBOR, new MediaType("application", "x-jackson-smile") };

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.configureMessageConvertersList((converters) -> converters.removeIf((converter) -> {
			for (MediaType foreign : FOREIGN) {
				if (converter.getSupportedMediaTypes().stream().anyMatch((type) -> type.includes(foreign))
						&& converter.getSupportedMediaTypes()
							.stream()
							.noneMatch((type) -> type.isWildcardType() || type.includes(MediaType.APPLICATION_JSON)
									|| type.includes(MediaType.TEXT_PLAIN))) {
					return true;
				}
			}
			return false;
		}));
	}

}
