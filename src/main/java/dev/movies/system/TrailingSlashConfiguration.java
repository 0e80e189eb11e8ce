package dev.movies.system;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * {@code /api/movies/1/} reaches the same operation as {@code /api/movies/1}, as it did
 * in the original API (Spring Framework 7 no longer matches a trailing slash by itself).
 * The request is wrapped without its slash rather than redirected, so a {@code PUT} or
 * {@code DELETE} keeps its method and body; and it runs before every other filter, Spring
 * Security's included, so authorization judges the same path the controllers see.
 */
@Configuration(proxyBeanMethods = false)
class TrailingSlashConfiguration {

	@Bean
	FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
		FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(
				UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
