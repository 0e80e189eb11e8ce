package dev.movies.system;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;

import dev.movies.system.InvalidRequestException.FieldError;

import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What {@link ApiExceptionHandler} reads out of the framework's failures to name the bad
 * parameter as the client wrote it: the name of a {@code @RequestParam}, the element type
 * of a list, the field of a JSON body.
 */
final class BindingErrors {

	private BindingErrors() {
	}

	/**
	 * For a list of a record of query parameters ({@code exclude=1,x}), its element type
	 * as an array type ("must be whole numbers", not "a valid List"); else the field's
	 * type.
	 */
	static Class<?> elementType(MethodArgumentNotValidException ex, String field, Class<?> type) {
		Class<?> target = ex.getParameter().getParameterType();
		if (!Collection.class.isAssignableFrom(type) || !target.isRecord()) {
			return type;
		}
		Constructor<?> constructor = BeanUtils.getResolvableConstructor(target);
		RecordComponent[] components = target.getRecordComponents();
		for (int i = 0; i < components.length; i++) {
			BindParam name = constructor.getParameters()[i].getAnnotation(BindParam.class);
			if (field.equals(name != null ? name.value() : components[i].getName())) {
				Class<?> element = ResolvableType.forConstructorParameter(constructor, i)
					.asCollection()
					.resolveGeneric(0);
				return (element != null) ? element.arrayType() : type;
			}
		}
		return type;
	}

	/**
	 * The name the client used: a {@code @RequestParam("min_rating")} is not called
	 * {@code minRating}.
	 */
	static String requestName(MethodParameter parameter) {
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
		String name = (param != null) ? firstNonEmpty(param.name(), param.value())
				: (variable != null) ? firstNonEmpty(variable.name(), variable.value()) : "";
		return name.isEmpty() ? parameter.getParameterName() : name;
	}

	static String firstNonEmpty(String name, String value) {
		return name.isEmpty() ? value : name;
	}

	/**
	 * A JSON body whose syntax is fine but one field's value is not of its type ({@code
	 * "limit": 1.5}, {@code "liked": ["x"]}, a number past its type's range): the error
	 * names that field (its top-level name, the item's position in the message), or
	 * {@code null} when Jackson did not say where.
	 */
	static FieldError bodyFieldError(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson
					&& !(cause instanceof StreamReadException && !(cause instanceof InputCoercionException))) {
				List<JacksonException.Reference> path = jackson.getPath();
				if (path.isEmpty() || path.getFirst().getPropertyName() == null) {
					return null;
				}
				String message;
				if (jackson.getOriginalMessage() != null && jackson.getOriginalMessage().startsWith("must be ")) {
					message = jackson.getOriginalMessage();
				}
				else if (jackson instanceof InputCoercionException coercion && coercion.getTargetType() != null) {
					message = "must be " + Problems.describe(coercion.getTargetType()) + " within its range";
				}
				else if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
					message = "must be " + Problems.describe(mismatch.getTargetType());
				}
				else {
					message = "is not a valid value";
				}
				if (path.size() > 1 && path.get(1).getIndex() >= 0) {
					message += " (item %d)".formatted(path.get(1).getIndex() + 1);
				}
				return new FieldError(path.getFirst().getPropertyName(), message, null);
			}
		}
		return null;
	}

}
