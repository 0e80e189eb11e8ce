package dev.movies.embedding;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Registered in META-INF/spring.factories. */
class EmbeddingSetupFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddingSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EmbeddingSetupException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
