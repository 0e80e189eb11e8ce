package dev.movies.embedding;

import dev.movies.vector.VectorColumn;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One {@link EmbeddingModel} bean, chosen by {@code EMBEDDING_PROVIDER}, and its health
 * component ({@code embeddingModel} in {@code /actuator/health}); and the
 * {@link VectorColumn} that the vector feature keeps fit for this model's vectors.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddingModelConfiguration {

	@Bean
	static VectorColumn vectorColumn(EmbeddingProperties properties) {
		return properties.column();
	}

	private static final String PROVIDER = "movies.embedding.provider";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PROVIDER, havingValue = "ollama", matchIfMissing = true)
	static class Ollama {

		@Bean
		OllamaEmbeddingModel ollamaEmbeddingModel(EmbeddingProperties properties, WebClient.Builder webClient,
				MeterRegistry meters) {
			return new OllamaEmbeddingModel(properties, webClient, meters);
		}

		@Bean
		HealthIndicator embeddingModelHealthIndicator(OllamaEmbeddingModel model) {
			return model::health;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PROVIDER, havingValue = "onnx")
	static class Onnx {

		@Bean
		OnnxEmbeddingModel onnxEmbeddingModel(EmbeddingProperties properties) {
			return new OnnxEmbeddingModel(properties);
		}

		@Bean
		HealthIndicator embeddingModelHealthIndicator(OnnxEmbeddingModel model) {
			return model::health;
		}

	}

}
