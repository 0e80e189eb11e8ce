package dev.movies.embedding;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Embeds through one or more Ollama servers. An Ollama server embeds one request at a
 * time, so this client keeps exactly one request in flight per server and hands each
 * batch to a free server, preferring servers that last answered; several servers in
 * {@code OLLAMA_HOST} multiply throughput. The reactive WebClient stays inside this
 * class: callers block on a plain list.
 */
final class OllamaEmbeddingModel extends PrefixingEmbeddingModel {

	private static final Logger log = LoggerFactory.getLogger(OllamaEmbeddingModel.class);

	private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);

	private static final Duration DOWN_FOR = Duration.ofSeconds(10);

	private static final Pattern NON_FINITE = Pattern.compile("\\bnan\\b|\\binf\\b|infinity|unsupported value");

	private final String model;

	private final int dimension;

	private final EmbeddingProperties.Ollama settings;

	private final List<Host> hosts;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition hostFreed = this.lock.newCondition();

	private int nextHost;

	private final MeterRegistry meters;

	private final Counter failovers;

	private volatile boolean pulled;

	OllamaEmbeddingModel(EmbeddingProperties properties, WebClient.Builder webClient, MeterRegistry meters) {
		super(TaskPrefixes.resolve(properties.ollama().model(), properties.documentPrefix(), properties.queryPrefix()),
				(properties.ollama().maxInputCharacters() > 0) ? properties.ollama().maxInputCharacters()
						: defaultMaxInputCharacters(properties.ollama().model()));
		this.settings = properties.ollama();
		this.model = this.settings.model();
		this.dimension = properties.dimension();
		this.hosts = this.settings.hosts()
			.stream()
			.map(String::strip)
			.filter((host) -> !host.isEmpty())
			.map((host) -> new Host(baseUrl(host), webClient))
			.toList();
		if (this.hosts.isEmpty()) {
			throw new IllegalArgumentException("OLLAMA_HOST names no server");
		}
		this.meters = meters;
		this.failovers = Counter.builder("ollama.failovers")
			.description("Batches moved to another Ollama server after a refused connection")
			.register(meters);
	}

	@Override
	public String name() {
		return this.model;
	}

	@Override
	public int dimension() {
		return this.dimension;
	}

	List<String> hosts() {
		return this.hosts.stream().map((host) -> host.url).toList();
	}

	@Override
	List<float[]> embed(List<String> inputs) {
		// A refused connection moves on to another server at once; everything else is the
		// caller's to retry.
		for (int attempt = 1;; attempt++) {
			Host host = acquire();
			try {
				List<float[]> vectors = embedOn(host, inputs, this.settings.timeout());
				host.downUntil = 0;
				return vectors;
			}
			catch (ModelNotPulledException ex) {
				if (!this.settings.pullMissingModel() || this.pulled) {
					throw ex;
				}
				pull(host);
			}
			catch (ConnectionFailedException ex) {
				host.downUntil = System.nanoTime() + DOWN_FOR.toNanos();
				if (attempt >= this.hosts.size()) {
					throw ex;
				}
				this.failovers.increment();
			}
			finally {
				release(host);
			}
		}
	}

	/**
	 * A search query: it takes the query slot of a server (each has one beside its
	 * backfill slot), so it waits at most for the call in flight on the server, never
	 * behind queued backfill pages; and it gives up after {@code query-wait} for a slot
	 * or {@code query-timeout} for the call.
	 */
	@Override
	float[] embedQueryInput(String input) {
		long deadline = System.nanoTime() + this.settings.queryWait().toNanos();
		for (int attempt = 1;; attempt++) {
			Host host = acquireForQuery(deadline);
			try {
				List<float[]> vectors = embedOn(host, List.of(input), this.settings.queryTimeout());
				host.downUntil = 0;
				return vectors.getFirst();
			}
			catch (ConnectionFailedException ex) {
				host.downUntil = System.nanoTime() + DOWN_FOR.toNanos();
				if (attempt >= this.hosts.size()) {
					throw ex;
				}
				this.failovers.increment();
			}
			finally {
				releaseQuery(host);
			}
		}
	}

	private List<float[]> embedOn(Host host, List<String> inputs, Duration timeout) {
		List<float[]> vectors;
		if (this.settings.endpoint() == EmbeddingProperties.OllamaEndpoint.EMBED) {
			EmbedResponse answer = post(host, "/api/embed",
					new EmbedRequest(this.model, inputs, true, this.settings.keepAlive()), EmbedResponse.class,
					timeout);
			vectors = (answer.embeddings() != null) ? List.of(answer.embeddings()) : List.of();
		}
		else {
			vectors = new ArrayList<>(inputs.size());
			for (String input : inputs) {
				LegacyResponse answer = post(host, "/api/embeddings",
						new LegacyRequest(this.model, input, this.settings.keepAlive()), LegacyResponse.class, timeout);
				// The old endpoint returns raw vectors; /api/embed and the other adapters
				// return unit length.
				vectors.add((answer.embedding() != null) ? Vectors.normalize(answer.embedding()) : null);
			}
		}
		Vectors.check(this.model, vectors, inputs.size(), this.dimension);
		return vectors;
	}

	private void pull(Host host) {
		log.info("Model '{}' is not on Ollama at {}: pulling it (OLLAMA_PULL_MODEL=true)", this.model, host.url);
		post(host, "/api/pull", Map.of("model", this.model, "stream", false), JsonNode.class, PULL_TIMEOUT);
		this.pulled = true;
		log.info("Pulled model '{}' on Ollama at {}", this.model, host.url);
	}

	/**
	 * The embedding model as a health component: reachable, pulled, and the dimension it
	 * produces.
	 */
	Health health() {
		Health.Builder health = Health.up()
			.withDetail("provider", "ollama")
			.withDetail("model", this.model)
			.withDetail("dimension", this.dimension);
		Map<String, Object> servers = new LinkedHashMap<>();
		String problem = null;
		boolean anyReady = false;
		for (Host host : this.hosts) {
			Map<String, Object> server = new LinkedHashMap<>();
			servers.put(host.url, server);
			try {
				Tags tags = timed(host, "/api/tags",
						() -> host.client.get()
							.uri("/api/tags")
							.retrieve()
							.bodyToMono(Tags.class)
							.timeout(HEALTH_TIMEOUT)
							.block());
				server.put("reachable", true);
				boolean present = tags != null && tags.models() != null
						&& tags.models().stream().anyMatch((tag) -> sameModel(tag.name()));
				server.put("model_pulled", present);
				if (!present) {
					problem = ModelNotPulledException.message(this.model);
					continue;
				}
				Integer length = embeddingLength(host);
				server.put("embedding_length", length);
				if (length != null && length != this.dimension) {
					problem = Vectors.dimensionMismatch(this.model, length, this.dimension).getMessage();
					continue;
				}
				anyReady = true;
			}
			catch (RuntimeException ex) {
				server.put("reachable", false);
				problem = "Cannot connect to Ollama at " + host.url;
			}
		}
		health.withDetail("servers", servers);
		if (!anyReady) {
			health.down().withDetail("error", problem);
		}
		else if (problem != null) {
			health.withDetail("warning", problem);
		}
		return health.build();
	}

	private Integer embeddingLength(Host host) {
		JsonNode show = timed(host, "/api/show",
				() -> host.client.post()
					.uri("/api/show")
					.bodyValue(Map.of("model", this.model))
					.retrieve()
					.bodyToMono(JsonNode.class)
					.timeout(HEALTH_TIMEOUT)
					.block());
		JsonNode info = (show != null) ? show.path("model_info") : null;
		if (info == null) {
			return null;
		}
		for (Map.Entry<String, JsonNode> field : info.properties()) {
			if (field.getKey().endsWith(".embedding_length") && field.getValue().isNumber()) {
				return field.getValue().intValue();
			}
		}
		return null;
	}

	private boolean sameModel(String tag) {
		return tag != null && (tag.equals(this.model) || tag.equals(this.model + ":latest"));
	}

	private <T> T post(Host host, String path, Object body, Class<T> answer, Duration timeout) {
		return timed(host, path, () -> exchange(host, path, body, answer, timeout));
	}

	/**
	 * Records every call to Ollama as {@code ollama.requests}, by server, endpoint and
	 * outcome ({@code success}, or why it failed), so latency and errors show per server.
	 */
	private <T> T timed(Host host, String path, Supplier<T> call) {
		long start = System.nanoTime();
		String outcome = "success";
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			outcome = (ex instanceof EmbeddingException failure) ? failure.kind().name().toLowerCase(Locale.ROOT)
					: "error";
			throw ex;
		}
		finally {
			Timer.builder("ollama.requests")
				.description("Calls to Ollama servers")
				.tag("host", host.url)
				.tag("uri", path)
				.tag("outcome", outcome)
				.register(this.meters)
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private <T> T exchange(Host host, String path, Object body, Class<T> answer, Duration timeout) {
		T result;
		try {
			result = host.client.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(answer)
						: response.bodyToMono(String.class)
							.defaultIfEmpty("")
							.flatMap((error) -> Mono.error(failure(host, path, response.statusCode().value(), error))))
				.timeout(timeout)
				.block();
		}
		catch (EmbeddingException ex) {
			throw ex;
		}
		catch (WebClientRequestException ex) {
			String reason = causedBy(ex, ConnectException.class) ? "connection refused"
					: causedBy(ex, UnknownHostException.class) ? "unknown host" : rootMessage(ex);
			throw new ConnectionFailedException("Cannot connect to Ollama at %s (%s)".formatted(host.url, reason), ex);
		}
		catch (RuntimeException ex) {
			if (causedBy(ex, TimeoutException.class)) {
				throw EmbeddingException.unavailable("Ollama at %s did not answer within %ds (OLLAMA_TIMEOUT)"
					.formatted(host.url, timeout.toSeconds()), ex);
			}
			throw EmbeddingException.unavailable(
					"Ollama at %s sent an answer that could not be read: %s".formatted(host.url, rootMessage(ex)), ex);
		}
		if (result == null) {
			throw EmbeddingException.unavailable("Ollama at %s sent an empty answer".formatted(host.url), null);
		}
		return result;
	}

	private EmbeddingException failure(Host host, String path, int status, String body) {
		String error = errorText(body);
		String lower = error.toLowerCase(Locale.ROOT);
		if (status == 404) {
			if (lower.contains("model")) {
				return new ModelNotPulledException(this.model);
			}
			return EmbeddingException.misconfigured(("Ollama at %s has no %s endpoint (HTTP 404): upgrade Ollama, "
					+ "or set OLLAMA_EMBED_ENDPOINT=embeddings for servers older than 0.3")
				.formatted(host.url, path));
		}
		if (status == 400 || (status >= 500 && NON_FINITE.matcher(lower).find())) {
			return EmbeddingException.inputRejected("Ollama at %s rejected the input: %s".formatted(host.url, error));
		}
		if (status == 503) {
			return EmbeddingException.unavailable("Ollama at %s is busy: %s".formatted(host.url, error), null);
		}
		if (status >= 500 || status == 408 || status == 429 || status == 499) {
			return EmbeddingException
				.unavailable("Ollama at %s failed with HTTP %d: %s".formatted(host.url, status, error), null);
		}
		return EmbeddingException
			.misconfigured("Ollama at %s refused the request with HTTP %d: %s".formatted(host.url, status, error));
	}

	/**
	 * Ollama's error bodies are {@code {"error": "..."}}; a proxy in between may send
	 * anything.
	 */
	private static String errorText(String body) {
		try {
			JsonNode error = JsonMapper.shared().readTree(body).path("error");
			if (error.isString()) {
				return error.asString();
			}
		}
		catch (RuntimeException ex) {
			// not JSON: fall through to the raw text
		}
		String text = body.strip();
		return text.length() > 300 ? text.substring(0, 300) + "..." : text;
	}

	private Host acquire() {
		this.lock.lock();
		try {
			while (true) {
				Host host = freeHost();
				if (host != null) {
					host.busy = true;
					this.nextHost = (this.hosts.indexOf(host) + 1) % this.hosts.size();
					return host;
				}
				this.hostFreed.awaitUninterruptibly();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private Host acquireForQuery(long deadline) {
		this.lock.lock();
		try {
			while (true) {
				Host host = freeQueryHost();
				if (host != null) {
					host.queryBusy = true;
					return host;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new ModelBusyException(this.hosts.size(), this.settings.queryWait());
				}
				this.hostFreed.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ModelBusyException(this.hosts.size(), this.settings.queryWait());
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A server whose query slot is free: one that answered lately, idle ones first. */
	private Host freeQueryHost() {
		long now = System.nanoTime();
		Host best = null;
		Host fallback = null;
		boolean anyUp = false;
		for (Host host : this.hosts) {
			boolean up = host.downUntil - now <= 0;
			anyUp |= up;
			if (host.queryBusy) {
				continue;
			}
			if (up && (best == null || (best.busy && !host.busy))) {
				best = host;
			}
			fallback = (fallback != null) ? fallback : host;
		}
		return (best != null) ? best : anyUp ? null : fallback;
	}

	private void releaseQuery(Host host) {
		this.lock.lock();
		try {
			host.queryBusy = false;
			this.hostFreed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A free server that answered lately, taken round-robin; a server that just refused a
	 * connection only when every server did (so the caller sees why).
	 */
	private Host freeHost() {
		long now = System.nanoTime();
		boolean anyUp = false;
		Host fallback = null;
		for (int i = 0; i < this.hosts.size(); i++) {
			Host host = this.hosts.get((this.nextHost + i) % this.hosts.size());
			boolean up = host.downUntil - now <= 0;
			anyUp |= up;
			if (!host.busy) {
				if (up) {
					return host;
				}
				fallback = (fallback != null) ? fallback : host;
			}
		}
		return anyUp ? null : fallback;
	}

	private void release(Host host) {
		this.lock.lock();
		try {
			host.busy = false;
			this.hostFreed.signalAll();
		}
		finally {
			this.lock.unlock();
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

	private static String baseUrl(String host) {
		String url = host.contains("://") ? host : "http://" + host;
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static final class Host {

		final String url;

		final WebClient client;

		// guarded by the model's lock: a backfill page in flight, a search query in
		// flight
		boolean busy;

		boolean queryBusy;

		volatile long downUntil;

		Host(String url, WebClient.Builder webClient) {
			this.url = url;
			this.client = webClient.clone()
				.baseUrl(url)
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES))
				.build();
		}

	}

	/** No server had a free query slot within {@code query-wait}. */
	static final class ModelBusyException extends EmbeddingException {

		ModelBusyException(int hosts, Duration waited) {
			super(Kind.UNAVAILABLE, "The embedding model is busy: no slot on %d Ollama server%s within %d ms"
				.formatted(hosts, hosts == 1 ? "" : "s", waited.toMillis()), null);
		}

	}

	/**
	 * The model is not on the server: the operator pulls it, or the client does when
	 * allowed.
	 */
	static final class ModelNotPulledException extends EmbeddingException {

		ModelNotPulledException(String model) {
			super(Kind.MISCONFIGURED, message(model), null);
		}

		static String message(String model) {
			return "Model '%s' is not pulled: run `ollama pull %s`".formatted(model, model);
		}

	}

	/**
	 * Connection refused or reset before an answer: another server may take the batch.
	 */
	static final class ConnectionFailedException extends EmbeddingException {

		ConnectionFailedException(String message, Throwable cause) {
			super(Kind.UNAVAILABLE, message, cause);
		}

	}

	record EmbedRequest(String model, List<String> input, boolean truncate,
			@JsonProperty("keep_alive") String keepAlive) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record EmbedResponse(float[][] embeddings) {
	}

	record LegacyRequest(String model, String prompt, @JsonProperty("keep_alive") String keepAlive) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record LegacyResponse(float[] embedding) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Tags(List<Tag> models) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Tag(String name) {
	}

}
