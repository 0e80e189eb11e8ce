package dev.movies.system;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Answers carry no number as the string {@code "NaN"} or {@code "Infinity"} (Jackson's
 * default for a non-finite double, which clients then fail to format): a non-finite
 * double or float is written as {@code null}, the value JSON has for "no number".
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

	@Bean
	JacksonModule finiteNumbersModule() {
		SimpleModule module = new SimpleModule("finite-numbers");
		module.addSerializer(Double.class, new FiniteSerializer<>(Double.class));
		module.addSerializer(Double.TYPE, new FiniteSerializer<>(Double.TYPE));
		module.addSerializer(Float.class, new FiniteSerializer<>(Float.class));
		module.addSerializer(Float.TYPE, new FiniteSerializer<>(Float.TYPE));
		return module;
	}

	static final class FiniteSerializer<T extends Number> extends StdSerializer<T> {

		FiniteSerializer(Class<T> type) {
			super(type);
		}

		@Override
		public void serialize(T value, JsonGenerator generator, SerializationContext context) {
			if (value instanceof Float f) {
				if (Float.isFinite(f)) {
					generator.writeNumber(f);
				}
				else {
					generator.writeNull();
				}
				return;
			}
			double d = value.doubleValue();
			if (Double.isFinite(d)) {
				generator.writeNumber(d);
			}
			else {
				generator.writeNull();
			}
		}

	}

}
