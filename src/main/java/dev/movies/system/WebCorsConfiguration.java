package dev.movies.system;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Applies {@link CorsProperties}: which CORS rules a request gets depends on its method
 * as well as its path (a path-only mapping cannot tell {@code GET /api/movies/1} from
 * {@code DELETE /api/movies/1}), so one {@link CorsConfigurationSource} serves Spring
 * MVC's handler mappings and, as the {@code corsConfigurationSource} bean, Spring
 * Security's {@code cors(withDefaults())}.
 */
@Configuration(proxyBeanMethods = false)
class WebCorsConfiguration {

	@Bean
	static BeanPostProcessor corsHandlerMappings(ObjectProvider<MethodAwareCorsSource> source) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractHandlerMapping mapping) {
					mapping.setCorsProcessor(new ProblemCorsProcessor());
					mapping.setCorsConfigurationSource(source.getObject());
				}
				return bean;
			}

		};
	}

	/** Named so that Spring Security's {@code cors(withDefaults())} finds it. */
	@Bean
	MethodAwareCorsSource corsConfigurationSource(CorsProperties properties) {
		return new MethodAwareCorsSource(properties);
	}

	/**
	 * Reads: {@code GET}/{@code HEAD} on the API, {@code /health} and {@code /}, and
	 * {@code POST /api/recommendations}, which only computes an answer. Everything else
	 * under {@code /api/} and {@code /actuator/} is a write or an admin operation.
	 */
	static final class MethodAwareCorsSource implements CorsConfigurationSource {

		private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

		private final CorsConfiguration reads;

		private final CorsConfiguration writes;

		MethodAwareCorsSource(CorsProperties properties) {
			// An empty list of origins still answers: a refused cross-origin request gets
			// a 403 problem+json instead of an answer the browser silently drops.
			this.reads = configuration(properties, properties.readOrigins(), List.of("GET", "HEAD", "POST"));
			this.writes = configuration(properties, properties.allowedOrigins(),
					List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
		}

		private static CorsConfiguration configuration(CorsProperties properties, List<String> origins,
				List<String> methods) {
			CorsConfiguration configuration = new CorsConfiguration();
			configuration.setAllowedOrigins(origins);
			configuration.setAllowedMethods(methods);
			configuration
				.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT));
			configuration.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER));
			configuration.setAllowCredentials(false);
			configuration.setMaxAge(properties.maxAge());
			return configuration;
		}

		@Override
		public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			String method = CorsUtils.isPreFlightRequest(request)
					? request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) : request.getMethod();
			if (isRead(path, method)) {
				// an origin allowed to write may read too
				return this.reads.combine(this.writes);
			}
			boolean api = path.startsWith("/api/") || path.startsWith("/actuator/");
			return api ? this.writes : null;
		}

		private static boolean isRead(String path, String method) {
			if (method == null) {
				return false;
			}
			boolean readPath = path.startsWith("/api/") || path.equals("/health") || path.equals("/")
					|| path.equals("/health/");
			return (readPath && READ_METHODS.contains(method) && !path.startsWith("/api/admin/"))
					|| (HttpMethod.POST.matches(method)
							&& (path.equals("/api/recommendations") || path.equals("/api/recommendations/")));
		}

	}

}
