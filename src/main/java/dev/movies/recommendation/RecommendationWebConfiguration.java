package dev.movies.recommendation;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.ServletModelAttributeMethodProcessor;
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

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		// the query string's parameters without a binder per request; anything but the
		// plain case goes to the model-attribute binding the record had before
		resolvers.add(new QueryParametersResolver(RecommendationParameters.class,
				new ServletModelAttributeMethodProcessor(true)));
	}

}
