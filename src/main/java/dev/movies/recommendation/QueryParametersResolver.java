package dev.movies.recommendation;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Binds a record of query parameters ({@link RecommendationParameters}) the way Spring's
 * data binder would, without building a binder for each request: the record's components,
 * their names and types are read once, each value is converted by the MVC conversion
 * service (the binder's own), and the record is constructed directly.
 * <p>
 * Only the plain case takes this path: every value converts, each scalar parameter comes
 * once, no list value holds a comma, no value is empty, no parameter uses the binder's
 * other syntaxes (indexes, nested paths, field markers) and no header carries a
 * component's name (the binder also reads those). Anything else, and every invalid value,
 * goes to Spring's own model-attribute binding ({@code fallback}), so a bad request is
 * answered exactly as before. Constructor binding resolved each component's generic type
 * by reflection on every request: it was about a sixth of the service's CPU samples for a
 * recommendation ({@code docs/performance.md}).
 */
final class QueryParametersResolver implements HandlerMethodArgumentResolver {

	private final Class<? extends Record> type;

	private final Constructor<?> constructor;

	private final Component[] components;

	/** The components' names in lower case, for the headers the binder would read. */
	private final Set<String> lowerCaseNames;

	private final HandlerMethodArgumentResolver fallback;

	/** The binder's conversion service, taken from the first binder made. */
	private volatile ConversionService conversions;

	QueryParametersResolver(Class<? extends Record> type, HandlerMethodArgumentResolver fallback) {
		this.type = type;
		// a record's resolvable constructor is its canonical one: one parameter per
		// component, in order
		this.constructor = BeanUtils.getResolvableConstructor(type);
		RecordComponent[] recordComponents = type.getRecordComponents();
		this.components = new Component[recordComponents.length];
		for (int i = 0; i < recordComponents.length; i++) {
			BindParam bindParam = this.constructor.getParameters()[i].getAnnotation(BindParam.class);
			String name = (bindParam != null) ? bindParam.value() : recordComponents[i].getName();
			this.components[i] = new Component(name, new TypeDescriptor(new MethodParameter(this.constructor, i)),
					Collection.class.isAssignableFrom(recordComponents[i].getType()));
		}
		this.lowerCaseNames = Stream.of(this.components)
			.map((component) -> component.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		this.fallback = fallback;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == this.type;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws Exception {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		ConversionService conversions = this.conversions;
		if (conversions == null && binderFactory != null) {
			conversions = binderFactory.createBinder(webRequest, null, "parameters").getConversionService();
			this.conversions = conversions;
		}
		Object[] arguments = (request != null && conversions != null) ? plain(request, conversions) : null;
		if (arguments == null) {
			return this.fallback.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
		}
		return BeanUtils.instantiateClass(this.constructor, arguments);
	}

	/** The constructor's arguments, or {@code null} when the binder must decide. */
	private Object[] plain(HttpServletRequest request, ConversionService conversions) {
		Map<String, String[]> parameters = request.getParameterMap();
		for (String name : parameters.keySet()) {
			if (name.isEmpty() || name.indexOf('[') >= 0 || name.indexOf('.') >= 0 || name.charAt(0) == '_'
					|| name.charAt(0) == '!') {
				return null;
			}
		}
		Enumeration<String> headers = request.getHeaderNames();
		while (headers != null && headers.hasMoreElements()) {
			if (this.lowerCaseNames.contains(headers.nextElement().replace("-", "").toLowerCase(Locale.ROOT))) {
				return null;
			}
		}
		Object[] arguments = new Object[this.components.length];
		for (int i = 0; i < this.components.length; i++) {
			Component component = this.components[i];
			String[] values = parameters.get(component.name());
			if (values == null) {
				continue;
			}
			if (values.length == 0 || (values.length > 1 && !component.list())) {
				return null;
			}
			for (String value : values) {
				if (value.isEmpty() || (component.list() && value.indexOf(',') >= 0)) {
					return null;
				}
			}
			try {
				arguments[i] = component.list()
						? conversions.convert(values, TypeDescriptor.valueOf(String[].class), component.type())
						: conversions.convert(values[0], TypeDescriptor.valueOf(String.class), component.type());
			}
			catch (ConversionException ex) {
				return null;
			}
		}
		return arguments;
	}

	private record Component(String name, TypeDescriptor type, boolean list) {
	}

}
