package dev.movies.recommendation;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.movies.system.NumberBinding;
import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.ServletModelAttributeMethodProcessor;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * The resolver gives what Spring's model-attribute binding gives, for plain query strings
 * without a binder, and for everything else by handing over to that binding.
 */
class QueryParametersResolverTests {

	private final AtomicInteger handedOver = new AtomicInteger();

	private final ServletModelAttributeMethodProcessor binding = new ServletModelAttributeMethodProcessor(true);

	private final QueryParametersResolver resolver = new QueryParametersResolver(RecommendationParameters.class,
			counting(this.binding));

	private final MethodParameter parameter = parameter();

	@Test
	void plainQueryStringsAreBoundWithoutABinderAsTheBinderWouldBindThem() throws Exception {
		List<String> plain = List.of("", "limit=10", "limit=100&offset=20", "distance_metric=l2",
				"genres=Drama&genres=Crime", "genre_match=all", "min_rating=7.5", "min_year=1990&max_year=2000",
				"language=en", "exclude=1&exclude=2", "min_similarity=0.3", "diversity=0.5", "ranking=similarity",
				"weights=popularity:0.3,rating:0", "strategy=best_score", "explain=true", "explain=false", "limit=0",
				"limit=-5", "offset=10001", "min_rating=11", "distance_metric=manhattan", "ranking=nope",
				"text=ignored&unknown=1", "min_rating=1e1", "min_rating=-0.5E-2", "min_year=020", "explain=yes",
				"limit=5&ranking=blended");
		for (String query : plain) {
			int before = this.handedOver.get();
			Object fast = this.resolver.resolveArgument(this.parameter, new ModelAndViewContainer(), request(query),
					binderFactory());
			assertThat(this.handedOver.get()).as("handed over: %s", query).isEqualTo(before);
			assertThat(fast).as(query).isEqualTo(bound(query));
		}
	}

	@Test
	void everythingElseIsHandedToTheBindingAndAnsweredAsBefore() throws Exception {
		List<String> other = List.of("limit=abc", "limit=1.5", "limit=", "limit=5&limit=6", "exclude=1,2",
				"exclude=abc", "genres=a,b", "explain=maybe", "offset=99999999999999999999", "genres[0]=Drama",
				"_genres=x", "exclude=1&exclude=x", "language=", "limit=0x10", "limit=#10", "limit=10d", "limit= 10",
				"limit=1 0", "limit=+5", "limit=\u0665", "min_rating=NaN", "min_rating=7.5f", "min_rating=0x1p2",
				"min_rating=.5", "diversity=0.5d", "min_similarity=Infinity", "exclude=0x1", "exclude=1, 2",
				"exclude=1,,2", "min_year=2e3");
		for (String query : other) {
			Object fast;
			try {
				fast = this.resolver.resolveArgument(this.parameter, new ModelAndViewContainer(), request(query),
						binderFactory());
			}
			catch (BindException ex) {
				assertThat(fieldErrors(ex)).as(query).isEqualTo(fieldErrors(bindingFailure(query)));
				continue;
			}
			assertThat(fast).as(query).isEqualTo(bound(query));
		}
		assertThat(this.handedOver.get()).isEqualTo(other.size());
	}

	/**
	 * Spellings of numbers no client means (Java's and Spring's parsers took them): the
	 * fast path hands them over, and the binding refuses them, naming the parameter.
	 */
	@Test
	void numbersSpelledOtherwiseThanPlainDecimalAreRefusedOnBothPaths() throws Exception {
		List<String> lenient = List.of("limit=0x10", "limit=#10", "limit=10d", "limit= 10", "limit=10 ", "limit=1 0",
				"limit=+5", "limit=\u0665", "offset=010L", "min_year=2e3", "max_year=0x7D0", "min_rating=NaN",
				"min_rating=7.5f", "min_rating=7.5d", "min_rating=0x1p2", "min_rating=.5", "min_rating=5.",
				"min_rating= 6", "diversity=0.5d", "min_similarity=Infinity", "exclude=0x1", "exclude=1, 2",
				"exclude=1,,2", "exclude=1&exclude=#2");
		for (String query : lenient) {
			int before = this.handedOver.get();
			assertThatExceptionOfType(BindException.class).as(query)
				.isThrownBy(() -> this.resolver.resolveArgument(this.parameter, new ModelAndViewContainer(),
						request(query), binderFactory()))
				.satisfies((ex) -> assertThat(ex.getFieldErrors()).extracting(FieldError::getField)
					.containsExactly(query.substring(0, query.indexOf('='))));
			assertThat(this.handedOver.get()).as("handed over: %s", query).isEqualTo(before + 1);
		}
	}

	@Test
	void aHeaderNamedLikeAParameterIsLeftToTheBinderWhichReadsHeadersToo() throws Exception {
		ServletWebRequest request = request("");
		((MockHttpServletRequest) request.getRequest()).addHeader("Limit", "7");
		Object fast = this.resolver.resolveArgument(this.parameter, new ModelAndViewContainer(), request,
				binderFactory());
		assertThat(this.handedOver.get()).isOne();
		ServletWebRequest again = request("");
		((MockHttpServletRequest) again.getRequest()).addHeader("Limit", "7");
		assertThat(fast).isEqualTo(
				this.binding.resolveArgument(this.parameter, new ModelAndViewContainer(), again, binderFactory()));
	}

	private Object bound(String query) throws Exception {
		return this.binding.resolveArgument(this.parameter, new ModelAndViewContainer(), request(query),
				binderFactory());
	}

	private BindException bindingFailure(String query) throws Exception {
		try {
			bound(query);
		}
		catch (BindException ex) {
			return ex;
		}
		return fail("the binding accepted " + query);
	}

	private static List<String> fieldErrors(BindException ex) {
		return ex.getFieldErrors()
			.stream()
			.map((FieldError e) -> e.getField() + "=" + e.getRejectedValue() + " " + e.isBindingFailure())
			.toList();
	}

	private static ServletWebRequest request(String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/recommendations/movie/1");
		request.setQueryString(query);
		if (!query.isEmpty()) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				request.addParameter(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return new ServletWebRequest(request);
	}

	/**
	 * A binder as the service makes it: with its strict numbers ({@link NumberBinding}).
	 */
	private static WebDataBinderFactory binderFactory() {
		ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer();
		DefaultFormattingConversionService conversions = new DefaultFormattingConversionService();
		NumberBinding.addConverters(conversions);
		initializer.setConversionService(conversions);
		initializer.setPropertyEditorRegistrar(NumberBinding::registerEditors);
		return new ServletRequestDataBinderFactory(null, initializer);
	}

	private HandlerMethodArgumentResolver counting(HandlerMethodArgumentResolver delegate) {
		return new HandlerMethodArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return delegate.supportsParameter(parameter);
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
					NativeWebRequest request, WebDataBinderFactory factory) throws Exception {
				QueryParametersResolverTests.this.handedOver.incrementAndGet();
				return delegate.resolveArgument(parameter, container, request, factory);
			}

		};
	}

	private static MethodParameter parameter() {
		for (Method method : RecommendationController.class.getDeclaredMethods()) {
			if (method.getName().equals("byMovie")) {
				return new MethodParameter(method, 1);
			}
		}
		throw new IllegalStateException("no byMovie");
	}

}
