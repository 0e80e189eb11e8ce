package dev.movies.embedding;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import dev.movies.vector.VectorColumn;
import dev.movies.vector.VectorStorage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Embedding settings, bound from the original project's environment names in
 * application.yml.
 *
 * @param provider which model turns text into vectors ({@code EMBEDDING_PROVIDER}: ollama
 * | onnx)
 * @param dimension the vector length the {@code movie_embeddings.embedding} column holds
 * ({@code EMBEDDING_DIMENSION}); 384 goes with the onnx provider
 * @param documentPrefix the task prefix put before every catalogue document; empty means
 * the model's own default ({@code search_document: } for nomic-embed-text), {@code none}
 * means no prefix
 * @param queryPrefix the same for search queries
 * @param resetOnDimensionChange whether a start with another dimension than the column
 * holds may delete every stored embedding and retype the column
 * ({@code EMBEDDING_RESET_ON_DIMENSION_CHANGE})
 * @param ollama the Ollama provider's settings
 * @param job the backfill job's settings
 * @param storage how the column stores vectors ({@code EMBEDDING_STORAGE}):
 * {@code vector}, 4-byte floats, or {@code halfvec}, 2-byte floats: half the table and
 * index memory for a recall@10 within a few thousandths (docs/scaling.md); a start with
 * the other storage converts the stored vectors
 * @param onnxModel which in-process model the onnx provider runs
 * ({@code EMBEDDING_ONNX_MODEL}): {@code e5-small-v2-q} (default, the best of the bench
 * in docs/recommendations.md) or {@code all-minilm-l6-v2-q} (about twice as fast); both
 * 384 dimensions
 * @param onnxQueryWait how long a search query waits for one of the in-process model's
 * query slots (one per core) before its request answers 503 ({@code ONNX_QUERY_WAIT})
 */
@Validated
@ConfigurationProperties("movies.embedding")
public record EmbeddingProperties(@DefaultValue("ollama") Provider provider,
		@DefaultValue("768") @Min(1) @Max(16000) int dimension, @DefaultValue("") String documentPrefix,
		@DefaultValue("") String queryPrefix, @DefaultValue("false") boolean resetOnDimensionChange,
		@Valid @DefaultValue Ollama ollama, @Valid @DefaultValue Job job, @DefaultValue("vector") VectorStorage storage,
		@DefaultValue("e5-small-v2-q") OnnxModel onnxModel, @DefaultValue("5s") Duration onnxQueryWait) {

	/**
	 * The in-process models the onnx provider can run, by the name stored beside each
	 * vector ({@code movie_embeddings.model}).
	 */
	public enum OnnxModel {

		E5_SMALL_V2_Q("e5-small-v2-q"), ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q");

		private final String modelName;

		OnnxModel(String modelName) {
			this.modelName = modelName;
		}

		/** The name stored beside each vector, e.g. {@code e5-small-v2-q}. */
		public String modelName() {
			return this.modelName;
		}

	}

	/** What the vector column must hold for this model's vectors. */
	public VectorColumn column() {
		return new VectorColumn(this.dimension, this.storage, this.resetOnDimensionChange);
	}

	public enum Provider {

		OLLAMA, ONNX

	}

	/**
	 * Which Ollama endpoint embeds: the batch {@code /api/embed} or the one-text
	 * {@code /api/embeddings}.
	 */
	public enum OllamaEndpoint {

		EMBED, EMBEDDINGS

	}

	/**
	 * @param hosts Ollama base URLs ({@code OLLAMA_HOST}, comma-separated); batches are
	 * spread over them
	 * @param model the model name ({@code OLLAMA_EMBEDDING_MODEL})
	 * @param timeout one request's time limit ({@code OLLAMA_TIMEOUT}, seconds unless a
	 * unit is given)
	 * @param keepAlive how long Ollama keeps the model loaded after a request
	 * ({@code OLLAMA_KEEP_ALIVE})
	 * @param endpoint {@code embed} (batches, default) or {@code embeddings} (old
	 * servers, one text a call)
	 * @param pullMissingModel pull the model when Ollama does not have it
	 * ({@code OLLAMA_PULL_MODEL})
	 * @param maxInputCharacters inputs are cut to this many characters so they stay
	 * within the model's context; 0 derives it from the model's context length
	 * ({@code OLLAMA_MAX_INPUT_CHARACTERS})
	 * @param queryWait how long a search query waits for a server slot before its request
	 * answers 503 ({@code OLLAMA_QUERY_WAIT}); queries get one slot per server of their
	 * own, so backfill pages never queue ahead of them
	 * @param queryTimeout how long a search query's model call may take
	 * ({@code OLLAMA_QUERY_TIMEOUT}); a user is waiting, unlike for a backfill page
	 * ({@code timeout})
	 */
	public record Ollama(@DefaultValue("http://localhost:11434") @NotEmpty List<String> hosts,
			@DefaultValue("nomic-embed-text") @NotBlank String model,
			@DefaultValue("120") @DurationUnit(ChronoUnit.SECONDS) Duration timeout,
			@DefaultValue("30m") String keepAlive, @DefaultValue("embed") OllamaEndpoint endpoint,
			@DefaultValue("false") boolean pullMissingModel, @DefaultValue("0") @Min(0) int maxInputCharacters,
			@DefaultValue("5s") Duration queryWait, @DefaultValue("10s") Duration queryTimeout) {
	}

	/**
	 * @param batchSize movies per page: one model call and one commit
	 * ({@code EMBEDDING_BATCH_SIZE})
	 * @param maxWorkers pages in flight on this instance ({@code MAX_WORKERS})
	 * @param runOnStartup start a backfill (missing and stale embeddings only) when the
	 * service starts ({@code EMBEDDING_BACKFILL_ON_STARTUP})
	 * @param joinClusterJobs whether this instance helps with a backfill started on
	 * another instance
	 * @param pollInterval how often an instance looks for a running backfill and renews
	 * its leases
	 * @param lease how long a claimed page stays reserved for an instance that stops
	 * renewing it
	 * @param progressInterval how often a progress line is logged while this instance
	 * works
	 * @param retry back-off for model calls that failed for a passing reason
	 */
	public record Job(@DefaultValue("32") @Min(1) @Max(2048) int batchSize,
			@DefaultValue("4") @Min(1) @Max(64) int maxWorkers, @DefaultValue("false") boolean runOnStartup,
			@DefaultValue("true") boolean joinClusterJobs, @DefaultValue("2s") Duration pollInterval,
			@DefaultValue("2m") Duration lease, @DefaultValue("10s") Duration progressInterval,
			@Valid @DefaultValue Retry retry) {
	}

	/**
	 * @param maxAttempts calls per batch before the backfill gives up
	 * ({@code EMBEDDING_RETRY_MAX_ATTEMPTS})
	 * @param initialBackoff the first wait; each retry doubles it
	 * @param maxBackoff the longest wait between two attempts
	 */
	public record Retry(@DefaultValue("8") @Min(1) int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("30s") Duration maxBackoff) {
	}

}
