package dev.movies.embedding;

import java.util.Locale;

/**
 * The text put before documents and before queries. Some models are trained with task
 * prefixes (nomic-embed-text needs them; Ollama does not add them), most others with
 * none.
 */
record TaskPrefixes(String document, String query) {

	static final TaskPrefixes NONE = new TaskPrefixes("", "");

	private static final String NO_PREFIX = "none";

	/**
	 * The configured prefixes where set ({@code none} for no prefix), otherwise the
	 * model's own convention.
	 */
	static TaskPrefixes resolve(String model, String configuredDocument, String configuredQuery) {
		TaskPrefixes defaults = defaultsFor(model);
		return new TaskPrefixes(pick(configuredDocument, defaults.document()), pick(configuredQuery, defaults.query()));
	}

	static TaskPrefixes defaultsFor(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		if (name.startsWith("nomic-embed-text")) {
			return new TaskPrefixes("search_document: ", "search_query: ");
		}
		if (name.startsWith("e5-") || name.contains("/e5-") || name.startsWith("multilingual-e5")) {
			// e5 was trained with these; without them its vectors are measurably worse
			return new TaskPrefixes("passage: ", "query: ");
		}
		if (name.startsWith("mxbai-embed-large")) {
			return new TaskPrefixes("", "Represent this sentence for searching relevant passages: ");
		}
		return NONE;
	}

	private static String pick(String configured, String fallback) {
		if (configured == null || configured.isEmpty()) {
			return fallback;
		}
		return NO_PREFIX.equalsIgnoreCase(configured.strip()) ? "" : configured;
	}

}
