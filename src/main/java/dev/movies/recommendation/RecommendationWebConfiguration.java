package dev.movies.recommendation;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class RecommendationWebConfiguration implements WebMvcConfigurer {

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		// added last: JSON stays the answer for Accept */* and for requests without
		// Accept
		builder.configureMessageConvertersList((converters) -> converters.add(new RecommendationTextConverter()));
	}

}
