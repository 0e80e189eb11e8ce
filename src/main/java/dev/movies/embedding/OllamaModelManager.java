package dev.movies.embedding;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;

/**
 * The model on the Ollama servers: whether each server is reachable and has it pulled
 * with the expected dimension (the {@code embeddingModel} health component), and pulling
 * it once when the operator allows ({@code OLLAMA_PULL_MODEL=true}).
 */
final class OllamaModelManager {

	private static final Logger log = LoggerFactory.getLogger(OllamaModelManager.class);

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);

	private final String model;

	private final int dimension;

	private final boolean pullMissingModel;

	private final List<OllamaApi> servers;

	private volatile boolean pulled;

	OllamaModelManager(String model, int dimension, boolean pullMissingModel, List<OllamaApi> servers) {
		this.model = model;
		this.dimension = dimension;
		this.pullMissingModel = pullMissingModel;
		this.servers = servers;
	}

	/**
	 * Pulls the model onto a server that lacks it, once per service.
	 * @throws OllamaFailures.ModelNotPulledException when pulling is not allowed or has
	 * been done already
	 */
	void pull(OllamaApi server, OllamaFailures.ModelNotPulledException missing) {
		if (!this.pullMissingModel || this.pulled) {
			throw missing;
		}
		log.info("Model '{}' is not on Ollama at {}: pulling it (OLLAMA_PULL_MODEL=true)", this.model, server.url());
		server.pull(this.model, PULL_TIMEOUT);
		this.pulled = true;
		log.info("Pulled model '{}' on Ollama at {}", this.model, server.url());
	}

	/**
	 * The embedding model as a health component: up when at least one server is
	 * reachable, has the model pulled and produces the configured dimension.
	 */
	Health health() {
		Health.Builder health = Health.up()
			.withDetail("provider", "ollama")
			.withDetail("model", this.model)
			.withDetail("dimension", this.dimension);
		Map<String, Object> details = new LinkedHashMap<>();
		String problem = null;
		boolean anyReady = false;
		for (OllamaApi server : this.servers) {
			Map<String, Object> detail = new LinkedHashMap<>();
			details.put(server.url(), detail);
			try {
				boolean present = server.models(HEALTH_TIMEOUT).stream().anyMatch(this::sameModel);
				detail.put("reachable", true);
				detail.put("model_pulled", present);
				if (!present) {
					problem = OllamaFailures.ModelNotPulledException.message(this.model);
					continue;
				}
				Integer length = server.embeddingLength(this.model, HEALTH_TIMEOUT);
				detail.put("embedding_length", length);
				if (length != null && length != this.dimension) {
					problem = Vectors.dimensionMismatch(this.model, length, this.dimension).getMessage();
					continue;
				}
				anyReady = true;
			}
			catch (RuntimeException ex) {
				detail.put("reachable", false);
				problem = "Cannot connect to Ollama at " + server.url();
			}
		}
		health.withDetail("servers", details);
		if (!anyReady) {
			health.down().withDetail("error", problem);
		}
		else if (problem != null) {
			health.withDetail("warning", problem);
		}
		return health.build();
	}

	private boolean sameModel(String tag) {
		return tag != null && (tag.equals(this.model) || tag.equals(this.model + ":latest"));
	}

}
