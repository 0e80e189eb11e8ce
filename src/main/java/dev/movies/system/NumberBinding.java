package dev.movies.system;

import java.beans.PropertyEditorSupport;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.core.CollectionFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.beans.PropertyEditorRegistry;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.core.convert.converter.ConverterRegistry;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Numbers in paths and query strings are read in the API's one spelling
 * ({@link NumberText}), for every endpoint and both ways a query string is bound. Spring
 * read {@code limit=0x10} as 16, {@code limit=%2310} and {@code /api/movies/%201} as 10
 * and 1, {@code min_rating=7.5f} as 7.5, and took out every blank, inner ones too
 * ({@code 1%200} was 10). An empty value stays "not given", as Spring has it
 * ({@code limit=} is the default limit).
 * <p>
 * Two hooks, because Spring converts in two places: the conversion service (used directly
 * by the recommendation endpoints' fast resolver, and for lists) and a data binder's
 * property editors, which a binder falls back to when the conversion service refuses a
 * value, and whose defaults take the lenient spellings.
 */
@ControllerAdvice
public class NumberBinding implements WebMvcConfigurer {

	private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.of(Integer.class, NumberText::parseInt,
			Long.class, NumberText::parseLong, Double.class, NumberText::parseDouble);

	private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(Integer.class, int.class, Long.class, long.class,
			Double.class, double.class);

	@Override
	public void addFormatters(FormatterRegistry registry) {
		addConverters(registry);
	}

	@InitBinder
	void strictNumbers(WebDataBinder binder) {
		registerEditors(binder);
	}

	/**
	 * The conversion service's half: strict numbers and lists, added after Spring's
	 * defaults, so that they are tried first.
	 */
	public static void addConverters(ConverterRegistry registry) {
		registry.addConverter(String.class, Integer.class, (text) -> text.isEmpty() ? null : NumberText.parseInt(text));
		registry.addConverter(String.class, Long.class, (text) -> text.isEmpty() ? null : NumberText.parseLong(text));
		registry.addConverter(String.class, Double.class,
				(text) -> text.isEmpty() ? null : NumberText.parseDouble(text));
		registry.addConverter(new ListItems());
	}

	/** A binder's half: strict editors for the number types, boxed and primitive. */
	public static void registerEditors(PropertyEditorRegistry registry) {
		PARSERS.forEach((type, parser) -> {
			registry.registerCustomEditor(type, new NumberEditor(parser));
			registry.registerCustomEditor(PRIMITIVES.get(type), new NumberEditor(parser));
		});
	}

	/** A binder's editor for one number type (a binder's editors serve one request). */
	private static final class NumberEditor extends PropertyEditorSupport {

		private final Function<String, Object> parser;

		NumberEditor(Function<String, Object> parser) {
			this.parser = parser;
		}

		@Override
		public void setAsText(String text) {
			setValue((text == null || text.isEmpty()) ? null : this.parser.apply(text));
		}

	}

	/**
	 * {@code exclude=1,2} or {@code genres=Drama,Crime} as a list: Spring's own list
	 * conversion trims each item first, which let {@code exclude=1,%202} pass and turned
	 * a NUL ({@code genres=%00}) into a blank name; this one reads each item as it is, a
	 * number as {@link NumberText} spells it (an empty item, {@code 1,,2}, is refused).
	 */
	private static final class ListItems implements ConditionalGenericConverter {

		@Override
		public Set<ConvertiblePair> getConvertibleTypes() {
			return Set.of(new ConvertiblePair(String.class, Collection.class));
		}

		@Override
		public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
			TypeDescriptor element = targetType.getElementTypeDescriptor();
			return element != null
					&& (element.getObjectType() == String.class || PARSERS.containsKey(element.getObjectType()));
		}

		@Override
		public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
			String text = (String) source;
			Function<String, Object> parser = PARSERS
				.getOrDefault(targetType.getElementTypeDescriptor().getObjectType(), (item) -> item);
			String[] items = text.isEmpty() ? new String[0] : text.split(",", -1);
			Collection<Object> values = CollectionFactory.createCollection(targetType.getType(),
					targetType.getElementTypeDescriptor().getType(), items.length);
			for (String item : items) {
				values.add(parser.apply(item));
			}
			return values;
		}

	}

}
