package dev.movies.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Registered in META-INF/spring.factories. */
class SetupFailureAnalyzer extends AbstractFailureAnalyzer<SetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SetupException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
