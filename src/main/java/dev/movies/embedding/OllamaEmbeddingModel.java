package dev.movies.embedding;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Embeds through one or more Ollama servers ({@code OLLAMA_HOST}; several multiply
 * throughput). The {@link OllamaHostPool} hands each call a server, {@link OllamaApi}
 * speaks to it, and {@link OllamaModelManager} checks and pulls the model; this adapter
 * moves a call to another server when one refuses the connection.
 */
final class OllamaEmbeddingModel extends PrefixingEmbeddingModel {

	private final EmbeddingProperties.Ollama settings;

	private final int dimension;

	private final OllamaHostPool pool;

	private final OllamaModelManager manager;

	private final Counter failovers;

	OllamaEmbeddingModel(EmbeddingProperties properties, WebClient.Builder webClient, MeterRegistry meters) {
		super(TaskPrefixes.resolve(properties.ollama().model(), properties.documentPrefix(), properties.queryPrefix()),
				(properties.ollama().maxInputCharacters() > 0) ? properties.ollama().maxInputCharacters()
						: defaultMaxInputCharacters(properties.ollama().model()));
		this.settings = properties.ollama();
		this.dimension = properties.dimension();
		this.pool = new OllamaHostPool(this.settings.hosts()
			.stream()
			.map(String::strip)
			.filter((host) -> !host.isEmpty())
			.map((host) -> new OllamaApi(host, webClient, meters))
			.toList());
		this.manager = new OllamaModelManager(this.settings.model(), this.dimension, this.settings.pullMissingModel(),
				this.pool.servers());
		this.failovers = Counter.builder("ollama.failovers")
			.description("Batches moved to another Ollama server after a refused connection")
			.register(meters);
	}

	@Override
	public String name() {
		return this.settings.model();
	}

	@Override
	public int dimension() {
		return this.dimension;
	}

	List<String> hosts() {
		return this.pool.servers().stream().map(OllamaApi::url).toList();
	}

	Health health() {
		return this.manager.health();
	}

	@Override
	List<float[]> embed(List<String> inputs) {
		return embed(inputs, OllamaHostPool.Slot.BACKFILL, null, this.settings.timeout());
	}

	/**
	 * A search query takes a server's query slot, so it waits at most for the call in
	 * flight there; it gives up after {@code query-wait} for a slot or
	 * {@code query-timeout} for the call.
	 */
	@Override
	float[] embedQueryInput(String input) {
		return embed(List.of(input), OllamaHostPool.Slot.QUERY, this.settings.queryWait(), this.settings.queryTimeout())
			.getFirst();
	}

	/**
	 * A refused connection moves on to another server at once; everything else is the
	 * caller's to retry.
	 */
	private List<float[]> embed(List<String> inputs, OllamaHostPool.Slot slot, Duration wait, Duration timeout) {
		for (int attempt = 1;; attempt++) {
			OllamaHostPool.Host host = this.pool.acquire(slot, wait);
			if (host == null) {
				throw new ModelBusyException(this.pool.size(), wait);
			}
			try {
				List<float[]> vectors = host.api.embed(this.settings.model(), inputs, this.settings.endpoint(),
						this.settings.keepAlive(), timeout);
				Vectors.check(this.settings.model(), vectors, inputs.size(), this.dimension);
				host.markUp();
				return vectors;
			}
			catch (OllamaFailures.ModelNotPulledException ex) {
				if (slot == OllamaHostPool.Slot.QUERY) {
					throw ex;
				}
				this.manager.pull(host.api, ex);
			}
			catch (OllamaFailures.ConnectionFailedException ex) {
				host.markDown();
				if (attempt >= this.pool.size()) {
					throw ex;
				}
				this.failovers.increment();
			}
			finally {
				this.pool.release(host, slot);
			}
		}
	}

	/**
	 * About three characters a token keeps even unusual text within the context; Ollama
	 * truncates too, but some releases ignore {@code truncate} and answer 400.
	 */
	static int defaultMaxInputCharacters(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		int contextTokens;
		if (name.startsWith("all-minilm")) {
			contextTokens = 256;
		}
		else if (name.startsWith("mxbai-embed-large") || name.startsWith("snowflake-arctic-embed")) {
			contextTokens = 512;
		}
		else {
			contextTokens = 2048;
		}
		return contextTokens * 3;
	}

	/** No server had a free query slot within {@code query-wait}. */
	static final class ModelBusyException extends EmbeddingException {

		ModelBusyException(int hosts, Duration waited) {
			super(Kind.UNAVAILABLE, "The embedding model is busy: no slot on %d Ollama server%s within %d ms"
				.formatted(hosts, hosts == 1 ? "" : "s", waited.toMillis()), null);
		}

	}

}
