package dev.movies.embedding;

import java.util.List;

/**
 * The port every embedding model is used through: the backfill, the search and the tests
 * do not know which model runs. Implementations return unit-length vectors of
 * {@link #dimension()} values, one per input, in input order, and add the model's own
 * task prefixes. Failures are {@link EmbeddingException}s whose
 * {@link EmbeddingException#kind() kind} tells a caller whether to retry, isolate the
 * input, or give up.
 */
public interface EmbeddingModel {

	/** Embeds catalogue documents (the model's document prefix is added). */
	List<float[]> embedDocuments(List<String> texts);

	/** Embeds one search query (the model's query prefix is added). */
	float[] embedQuery(String text);

	/** The model's name as stored beside each vector, e.g. {@code nomic-embed-text}. */
	String name();

	int dimension();

	/**
	 * The prefix put before every document: part of what a stored vector's text hash
	 * covers, so a changed prefix makes every vector stale.
	 */
	default String documentPrefix() {
		return "";
	}

}
