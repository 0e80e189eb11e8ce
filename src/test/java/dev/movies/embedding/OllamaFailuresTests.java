package dev.movies.embedding;

import dev.movies.embedding.EmbeddingException.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaFailuresTests {

	private static final String URL = "http://ollama:11434";

	@Test
	void aMissingModelIsMisconfiguredAndNamesThePullCommand() {
		EmbeddingException failure = classify("/api/embed", 404,
				"{\"error\":\"model \\\"nomic-embed-text\\\" not found\"}");

		assertThat(failure).isInstanceOf(OllamaFailures.ModelNotPulledException.class)
			.hasMessage("Model 'nomic-embed-text' is not pulled: run `ollama pull nomic-embed-text`");
	}

	@Test
	void aMissingEndpointPointsAtTheOlderEndpoint() {
		EmbeddingException failure = classify("/api/embed", 404, "404 page not found");

		assertThat(failure.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(failure).hasMessageContaining("has no /api/embed endpoint")
			.hasMessageContaining("OLLAMA_EMBED_ENDPOINT=embeddings");
	}

	@Test
	void aRejectedOrNonFiniteInputIsIsolated() {
		assertThat(classify("/api/embed", 400, "{\"error\":\"input too long\"}").kind()).isEqualTo(Kind.INPUT_REJECTED);
		assertThat(classify("/api/embed", 500, "{\"error\":\"json: unsupported value: NaN\"}").kind())
			.isEqualTo(Kind.INPUT_REJECTED);
	}

	@Test
	void passingFailuresAreRetried() {
		for (int status : new int[] { 408, 429, 499, 500, 502, 503 }) {
			assertThat(classify("/api/embed", status, "{\"error\":\"later\"}").kind()).as("HTTP %d", status)
				.isEqualTo(Kind.UNAVAILABLE);
		}
		assertThat(classify("/api/embed", 503, "{\"error\":\"server busy\"}"))
			.hasMessage("Ollama at http://ollama:11434 is busy: server busy");
	}

	@Test
	void otherRefusalsStopTheBackfill() {
		EmbeddingException failure = classify("/api/embed", 401, "unauthorized");

		assertThat(failure.kind()).isEqualTo(Kind.MISCONFIGURED);
		assertThat(failure).hasMessage("Ollama at http://ollama:11434 refused the request with HTTP 401: unauthorized");
	}

	@Test
	void aProxysLongErrorPageIsCut() {
		assertThat(OllamaFailures.errorText("<html>" + "x".repeat(1000))).hasSize(303).endsWith("...");
	}

	private static EmbeddingException classify(String path, int status, String body) {
		return OllamaFailures.classify(URL, path, "nomic-embed-text", status, body);
	}

}
