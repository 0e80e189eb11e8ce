package dev.movies.embedding;

import dev.movies.system.SetupException;
import dev.movies.vector.VectorStorage;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxEmbeddingModelTests {

	@Test
	void refusesToStartWithAnotherDimensionThan384() {
		EmbeddingProperties properties = new EmbeddingProperties(EmbeddingProperties.Provider.ONNX, 768, "", "", false,
				new EmbeddingProperties.Ollama(List.of("http://localhost:11434"), "nomic-embed-text",
						Duration.ofSeconds(120), "30m", EmbeddingProperties.OllamaEndpoint.EMBED, false, 0,
						Duration.ofSeconds(5), Duration.ofSeconds(10)),
				null, VectorStorage.VECTOR);

		assertThatThrownBy(() -> new OnnxEmbeddingModel(properties)).isInstanceOf(SetupException.class)
			.hasMessageContaining("returns 384-dimensional vectors, but EMBEDDING_DIMENSION is 768")
			.hasMessageContaining("Set EMBEDDING_DIMENSION=384 together with EMBEDDING_PROVIDER=onnx");
	}

}
