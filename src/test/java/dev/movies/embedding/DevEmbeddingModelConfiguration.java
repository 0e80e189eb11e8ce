package dev.movies.embedding;

import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * TEMPORARY, test classpath only: an embedding model for {@link dev.movies.TestMovieRecommenderApplication}
 * while the service has none of its own. {@code DEV_EMBEDDING=minilm} (default) runs all-MiniLM-L6-v2
 * in process (384 dimensions, real semantics); {@code DEV_EMBEDDING=hashing} the test hashing model
 * with {@code EMBEDDING_DIMENSION} dimensions. Backs off as soon as a real adapter exists.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DevEmbeddingModelConfiguration {

	@Bean
	@ConditionalOnMissingBean(EmbeddingModel.class)
	EmbeddingModel devEmbeddingModel(Environment environment) {
		if ("hashing".equals(environment.getProperty("DEV_EMBEDDING"))) {
			return new HashingEmbeddingModel(environment.getProperty("EMBEDDING_DIMENSION", Integer.class, 768));
		}
		return new MiniLm();
	}

	static final class MiniLm implements EmbeddingModel {

		private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

		@Override
		public List<float[]> embedDocuments(List<String> texts) {
			return this.model.embedAll(texts.stream().map(TextSegment::from).toList())
				.content()
				.stream()
				.map((embedding) -> HashingEmbeddingModel.normalise(embedding.vector()))
				.toList();
		}

		@Override
		public float[] embedQuery(String text) {
			return HashingEmbeddingModel.normalise(this.model.embed(text).content().vector());
		}

		@Override
		public String name() {
			return "all-minilm";
		}

		@Override
		public int dimension() {
			return 384;
		}

	}

}
