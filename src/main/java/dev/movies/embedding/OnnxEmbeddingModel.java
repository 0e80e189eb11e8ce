package dev.movies.embedding;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.movies.embedding.EmbeddingProperties.OnnxModel;
import dev.movies.system.SetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;

/**
 * An embedding model running inside the service through ONNX Runtime: no Ollama needed,
 * 384 dimensions, unit-length vectors. {@code EMBEDDING_ONNX_MODEL} chooses it:
 * e5-small-v2 (quantised, the default; documents get {@code passage: }, queries
 * {@code query: }) or all-MiniLM-L6-v2 (quantised, no prefixes). The model is loaded on
 * first use (it takes a moment and ~100 MB), once, and is safe to call from many threads.
 * Search queries get as many slots as there are cores and wait at most
 * {@code ONNX_QUERY_WAIT} for one.
 */
final class OnnxEmbeddingModel extends PrefixingEmbeddingModel implements DisposableBean {

	static final int DIMENSION = 384;

	/**
	 * The models read 512 (e5) or 256 (all-MiniLM) tokens; longer texts are split and
	 * averaged by the library, which costs time without adding much meaning. About four
	 * characters a token keeps the text whole in nearly every case while bounding the
	 * cost.
	 */
	static final int MAX_INPUT_CHARACTERS = 2000;

	private static final Logger log = LoggerFactory.getLogger(OnnxEmbeddingModel.class);

	private final ExecutorService executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
			Thread.ofPlatform().name("onnx-embedding-", 0).daemon(true).factory());

	private final OnnxModel choice;

	private final InProcessQuerySlots querySlots;

	private volatile AbstractInProcessEmbeddingModel model;

	OnnxEmbeddingModel(EmbeddingProperties properties) {
		super(TaskPrefixes.resolve(properties.onnxModel().modelName(), properties.documentPrefix(),
				properties.queryPrefix()), MAX_INPUT_CHARACTERS);
		this.choice = properties.onnxModel();
		this.querySlots = new InProcessQuerySlots(Runtime.getRuntime().availableProcessors(),
				properties.onnxQueryWait());
		if (properties.dimension() != DIMENSION) {
			throw new SetupException(
					"EMBEDDING_PROVIDER=onnx runs %s, which returns %d-dimensional vectors, but "
						.formatted(this.choice.modelName(), DIMENSION)
							+ "EMBEDDING_DIMENSION is %d.".formatted(properties.dimension()),
					"Set EMBEDDING_DIMENSION=384 together with EMBEDDING_PROVIDER=onnx. If the database already holds "
							+ "vectors of another size, also set EMBEDDING_RESET_ON_DIMENSION_CHANGE=true once: the "
							+ "stored vectors are deleted, the column is retyped, and a backfill re-embeds everything.");
		}
	}

	@Override
	public String name() {
		return this.choice.modelName();
	}

	@Override
	public int dimension() {
		return DIMENSION;
	}

	Health health() {
		return Health.up()
			.withDetail("provider", "onnx")
			.withDetail("model", name())
			.withDetail("dimension", DIMENSION)
			.withDetail("loaded", this.model != null)
			.build();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
		this.querySlots.close();
	}

	/**
	 * A search query runs in a query slot ({@link InProcessQuerySlots}): on a platform
	 * thread of its own, not on the request's virtual thread.
	 */
	@Override
	float[] embedQueryInput(String input) {
		return this.querySlots.run(() -> super.embedQueryInput(input));
	}

	@Override
	List<float[]> embed(List<String> inputs) {
		List<TextSegment> segments = inputs.stream().map(TextSegment::from).toList();
		AbstractInProcessEmbeddingModel loaded = model();
		List<float[]> vectors;
		try {
			vectors = loaded.embedAll(segments).content().stream().map(Embedding::vector).toList();
		}
		catch (RuntimeException ex) {
			// ONNX Runtime fails a call for what one input made of it; the caller
			// isolates that input.
			throw EmbeddingException.inputRejected("The in-process model failed on this input: " + ex.getMessage());
		}
		Vectors.check(name(), vectors, inputs.size(), DIMENSION);
		return vectors;
	}

	private AbstractInProcessEmbeddingModel model() {
		AbstractInProcessEmbeddingModel loaded = this.model;
		if (loaded == null) {
			synchronized (this) {
				loaded = this.model;
				if (loaded == null) {
					long start = System.nanoTime();
					loaded = switch (this.choice) {
						case E5_SMALL_V2_Q -> new E5SmallV2QuantizedModel(this.executor);
						case ALL_MINILM_L6_V2_Q -> new AllMiniLmL6V2QuantizedEmbeddingModel(this.executor);
					};
					log.info("Loaded the in-process embedding model {} in {} ms", name(),
							(System.nanoTime() - start) / 1_000_000);
					this.model = loaded;
				}
			}
		}
		return loaded;
	}

}
