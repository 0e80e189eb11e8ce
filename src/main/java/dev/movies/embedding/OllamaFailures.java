package dev.movies.embedding;

import java.util.Locale;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Ollama's error answers mean for the caller: retry later, isolate the input, or
 * stop and tell the operator.
 */
final class OllamaFailures {

	private static final Pattern NON_FINITE = Pattern.compile("\\bnan\\b|\\binf\\b|infinity|unsupported value");

	private OllamaFailures() {
	}

	static EmbeddingException classify(String url, String path, String model, int status, String body) {
		String error = errorText(body);
		String lower = error.toLowerCase(Locale.ROOT);
		if (status == 404) {
			if (lower.contains("model")) {
				return new ModelNotPulledException(model);
			}
			return EmbeddingException.misconfigured(("Ollama at %s has no %s endpoint (HTTP 404): upgrade Ollama, "
					+ "or set OLLAMA_EMBED_ENDPOINT=embeddings for servers older than 0.3")
				.formatted(url, path));
		}
		if (status == 400 || (status >= 500 && NON_FINITE.matcher(lower).find())) {
			return EmbeddingException.inputRejected("Ollama at %s rejected the input: %s".formatted(url, error));
		}
		if (status == 503) {
			return EmbeddingException.unavailable("Ollama at %s is busy: %s".formatted(url, error), null);
		}
		if (status >= 500 || status == 408 || status == 429 || status == 499) {
			return EmbeddingException.unavailable("Ollama at %s failed with HTTP %d: %s".formatted(url, status, error),
					null);
		}
		return EmbeddingException
			.misconfigured("Ollama at %s refused the request with HTTP %d: %s".formatted(url, status, error));
	}

	/**
	 * Ollama's error bodies are {@code {"error": "..."}}; a proxy in between may send
	 * anything.
	 */
	static String errorText(String body) {
		try {
			JsonNode error = JsonMapper.shared().readTree(body).path("error");
			if (error.isString()) {
				return error.asString();
			}
		}
		catch (RuntimeException ex) {
			// not JSON: fall through to the raw text
		}
		String text = body.strip();
		return text.length() > 300 ? text.substring(0, 300) + "..." : text;
	}

	/**
	 * The model is not on the server: the operator pulls it, or the client does when
	 * allowed.
	 */
	static final class ModelNotPulledException extends EmbeddingException {

		ModelNotPulledException(String model) {
			super(Kind.MISCONFIGURED, message(model), null);
		}

		static String message(String model) {
			return "Model '%s' is not pulled: run `ollama pull %s`".formatted(model, model);
		}

	}

	/**
	 * Connection refused or reset before an answer: another server may take the batch.
	 */
	static final class ConnectionFailedException extends EmbeddingException {

		ConnectionFailedException(String message, Throwable cause) {
			super(Kind.UNAVAILABLE, message, cause);
		}

	}

}
