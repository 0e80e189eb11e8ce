package dev.movies.embedding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.segment.TextSegment;
import dev.movies.embedding.EmbeddingProperties.OnnxModel;
import dev.movies.system.SetupException;
import dev.movies.vector.VectorStorage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The in-process adapter with the real models: e5-small-v2 as shipped (the files the
 * build unpacks, run by the project's langchain4j) and all-MiniLM.
 */
class OnnxEmbeddingModelTests {

	@Test
	void refusesToStartWithAnotherDimensionThan384() {
		assertThatThrownBy(() -> new OnnxEmbeddingModel(properties(768, OnnxModel.E5_SMALL_V2_Q)))
			.isInstanceOf(SetupException.class)
			.hasMessageContaining(
					"runs e5-small-v2-q, which returns 384-dimensional vectors, but EMBEDDING_DIMENSION is 768")
			.hasMessageContaining("Set EMBEDDING_DIMENSION=384 together with EMBEDDING_PROVIDER=onnx");
	}

	@Test
	void theDefaultInProcessModelIsE5AndAllMiniLmIsSelectable() {
		assertThat(bind(Map.of("movies.embedding.provider", "onnx")).onnxModel()).isEqualTo(OnnxModel.E5_SMALL_V2_Q);
		assertThat(bind(Map.of("movies.embedding.onnx-model", "all-minilm-l6-v2-q")).onnxModel())
			.isEqualTo(OnnxModel.ALL_MINILM_L6_V2_Q);
		assertThat(bind(Map.of("movies.embedding.onnx-model", "e5-small-v2-q")).onnxModel())
			.isEqualTo(OnnxModel.E5_SMALL_V2_Q);
	}

	@Test
	void e5EmbedsQueriesAndDocumentsWithItsOwnPrefixes() {
		OnnxEmbeddingModel model = new OnnxEmbeddingModel(properties(384, OnnxModel.E5_SMALL_V2_Q));
		E5SmallV2QuantizedModel raw = new E5SmallV2QuantizedModel();
		String text = "a thief who steals secrets by entering dreams";

		float[] query = model.embedQuery(text);
		float[] document = model.embedDocuments(List.of(text)).getFirst();

		assertThat(model.name()).isEqualTo("e5-small-v2-q");
		assertThat(model.documentPrefix()).isEqualTo("passage: ");
		assertThat(query).hasSize(384);
		assertThat(norm(query)).isCloseTo(1.0, within(1e-4));
		assertThat(query).containsExactly(raw(raw, "query: " + text), within(1e-6f));
		assertThat(document).containsExactly(raw(raw, "passage: " + text), within(1e-6f));
		// the prefixes change the vector: without them it would be another one
		assertThat(dot(query, raw(raw, text))).isLessThan(0.999);
		assertThat(dot(query, document)).isLessThan(0.999);
		model.destroy();
	}

	@Test
	void e5HasRealSemantics() {
		OnnxEmbeddingModel model = new OnnxEmbeddingModel(properties(384, OnnxModel.E5_SMALL_V2_Q));
		List<float[]> films = model.embedDocuments(List.of(
				"Title: Jaws | Description: A great white shark attacks swimmers at a beach town and a police chief hunts it.",
				"Title: Notting Hill | Description: A London bookseller falls in love with a famous American actress.",
				"Title: Alien | Description: The crew of a spaceship is hunted by a deadly creature."));

		float[] query = model.embedQuery("a giant fish terrorises holiday makers by the sea");

		assertThat(dot(query, films.get(0))).isGreaterThan(dot(query, films.get(1)))
			.isGreaterThan(dot(query, films.get(2)));
		model.destroy();
	}

	@Test
	void allMiniLmRemainsSelectableWithoutPrefixes() {
		OnnxEmbeddingModel model = new OnnxEmbeddingModel(properties(384, OnnxModel.ALL_MINILM_L6_V2_Q));

		assertThat(model.name()).isEqualTo("all-minilm-l6-v2-q");
		assertThat(model.documentPrefix()).isEmpty();
		float[] query = model.embedQuery("a heist movie");
		assertThat(query).hasSize(384);
		assertThat(dot(query, model.embedDocuments(List.of("a heist movie")).getFirst())).isCloseTo(1.0, within(1e-5));
		model.destroy();
	}

	private static EmbeddingProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("movies.embedding",
				EmbeddingProperties.class);
	}

	private static EmbeddingProperties properties(int dimension, OnnxModel onnxModel) {
		return new EmbeddingProperties(EmbeddingProperties.Provider.ONNX, dimension, "", "", false,
				new EmbeddingProperties.Ollama(List.of("http://localhost:11434"), "nomic-embed-text",
						Duration.ofSeconds(120), "30m", EmbeddingProperties.OllamaEndpoint.EMBED, false, 0,
						Duration.ofSeconds(5), Duration.ofSeconds(10)),
				null, VectorStorage.VECTOR, onnxModel, Duration.ofSeconds(5));
	}

	private static float[] raw(E5SmallV2QuantizedModel model, String input) {
		return model.embed(TextSegment.from(input)).content().vector();
	}

	private static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	private static double norm(float[] a) {
		return Math.sqrt(dot(a, a));
	}

}
