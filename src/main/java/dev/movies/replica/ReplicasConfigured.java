package dev.movies.replica;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True when {@code movies.replicas.urls} names at least one replica (an empty variable
 * names none).
 */
class ReplicasConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Binder.get(context.getEnvironment())
			.bind("movies.replicas.urls", Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.anyMatch((url) -> !url.isBlank());
	}

}
