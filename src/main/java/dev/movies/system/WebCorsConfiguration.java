package dev.movies.system;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/** Applies {@link CorsProperties} to the API; without allowed origins no CORS header is ever sent. */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration implements WebMvcConfigurer {

	private final CorsProperties properties;

	CorsConfiguration(CorsProperties properties) {
		this.properties = properties;
	}

	@Bean
	static BeanPostProcessor problemCorsProcessor() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractHandlerMapping mapping) {
					mapping.setCorsProcessor(new ProblemCorsProcessor());
				}
				return bean;
			}

		};
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (!this.properties.enabled()) {
			return;
		}
		registry.addMapping("/api/**")
			.allowedOrigins(this.properties.allowedOrigins().toArray(String[]::new))
			.allowedMethods("GET", "HEAD", "POST", "PUT", "DELETE")
			.allowedHeaders(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT)
			.exposedHeaders(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER)
			.maxAge(this.properties.maxAge().toSeconds());
	}

}
