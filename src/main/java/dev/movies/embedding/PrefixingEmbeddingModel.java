package dev.movies.embedding;

import java.util.List;

/**
 * What every adapter shares: documents and queries get the model's task prefixes, and
 * inputs are cut to stay within the model's context. Subclasses embed the prepared
 * inputs.
 */
abstract class PrefixingEmbeddingModel implements EmbeddingModel {

	private final TaskPrefixes prefixes;

	private final int maxInputCharacters;

	PrefixingEmbeddingModel(TaskPrefixes prefixes, int maxInputCharacters) {
		this.prefixes = prefixes;
		this.maxInputCharacters = maxInputCharacters;
	}

	/** Embeds inputs that already carry their prefix, one unit vector each, in order. */
	abstract List<float[]> embed(List<String> inputs);

	@Override
	public List<float[]> embedDocuments(List<String> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		return embed(texts.stream().map((text) -> input(this.prefixes.document(), text)).toList());
	}

	@Override
	public float[] embedQuery(String text) {
		return embedQueryInput(input(this.prefixes.query(), text));
	}

	/**
	 * Embeds one query that already carries its prefix. A user waits for it: adapters
	 * that share a model with the backfill serve it first and bound its wait.
	 */
	float[] embedQueryInput(String input) {
		return embed(List.of(input)).getFirst();
	}

	@Override
	public String documentPrefix() {
		return this.prefixes.document();
	}

	private String input(String prefix, String text) {
		String input = prefix + text;
		if (input.length() <= this.maxInputCharacters) {
			return input;
		}
		int end = this.maxInputCharacters;
		if (Character.isHighSurrogate(input.charAt(end - 1))) {
			end--;
		}
		return input.substring(0, end);
	}

}
