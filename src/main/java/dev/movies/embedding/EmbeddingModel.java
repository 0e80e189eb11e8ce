package dev.movies.embedding;

import java.util.List;

/**
 * The port every embedding model is used through: the backfill, the search and the tests do not
 * know which model runs. Implementations return unit-length vectors of {@link #dimension()} values,
 * one per input, in input order, and add the model's own task prefixes.
 */
public interface EmbeddingModel {

	/** Embeds catalogue documents (the model's document prefix is added). */
	List<float[]> embedDocuments(List<String> texts);

	/** Embeds one search query (the model's query prefix is added). */
	float[] embedQuery(String text);

	/** The model's name as stored beside each vector, e.g. {@code nomic-embed-text}. */
	String name();

	int dimension();

}
