package dev.movies.embedding;

import java.util.List;

import dev.movies.embedding.EmbeddingException.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a model answer must be before it is stored or searched with: a zero vector has no
 * direction (its cosine similarity is NaN), so it stops the backfill like a wrong
 * dimension does; too few vectors or NaN are the model's fault, not the text's.
 */
class VectorsTests {

	@Test
	void aZeroVectorIsRefusedAsAModelThatIsNotWorking() {
		assertThatThrownBy(() -> Vectors.check("all-minilm", List.of(new float[] { 0.6f, 0.8f }, new float[2]), 2, 2))
			.isInstanceOfSatisfying(EmbeddingException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED))
			.hasMessageStartingWith("Model 'all-minilm' returned a zero vector")
			.hasMessageContaining("POST /actuator/embeddings");
	}

	@Test
	void aVectorOfNearlyZeroLengthIsRefusedToo() {
		float[] tiny = { 1e-9f, -1e-9f, 1e-9f };

		assertThatThrownBy(() -> Vectors.check("all-minilm", List.of(tiny), 1, 3))
			.isInstanceOfSatisfying(EmbeddingException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED))
			.hasMessageContaining("returned a zero vector");
		assertThat(Vectors.normalize(tiny.clone())).as("not scaled up to look like a vector").containsExactly(tiny);
	}

	@Test
	void tooFewVectorsOrNonFiniteValuesAreAnUnusableAnswer() {
		assertThatThrownBy(() -> Vectors.check("all-minilm", List.of(), 1, 2))
			.isInstanceOf(Vectors.UnusableAnswerException.class)
			.hasMessage("Model 'all-minilm' answered 0 vectors for 1 inputs");
		assertThatThrownBy(() -> Vectors.check("all-minilm", List.of(new float[] { Float.NaN, 1 }), 1, 2))
			.isInstanceOf(Vectors.UnusableAnswerException.class)
			.hasMessage("Model 'all-minilm' returned a vector with NaN or infinite values");
	}

	@Test
	void aSmallButRealVectorPasses() {
		Vectors.check("all-minilm", List.of(new float[] { 0.6f, 0.8f }, new float[] { 1e-3f, 0 }), 2, 2);
	}

}
