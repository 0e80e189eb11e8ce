package dev.movies.embedding;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The wire client of one Ollama server: its requests and answers, and the classification
 * of its failures into {@link EmbeddingException}s the backfill acts on. Every call is
 * timed as {@code ollama.requests} by server, endpoint and outcome. The reactive
 * WebClient stays inside: callers get plain values or an exception.
 */
final class OllamaApi {

	private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

	private final String url;

	private final WebClient client;

	private final MeterRegistry meters;

	OllamaApi(String host, WebClient.Builder webClient, MeterRegistry meters) {
		this.url = baseUrl(host);
		this.client = webClient.clone()
			.baseUrl(this.url)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES))
			.build();
		this.meters = meters;
	}

	String url() {
		return this.url;
	}

	/**
	 * One vector per input, in order: a single {@code /api/embed} call, or one
	 * {@code /api/embeddings} call per input for servers older than 0.3 (their raw
	 * vectors normalised, as every other adapter returns unit length).
	 */
	List<float[]> embed(String model, List<String> inputs, EmbeddingProperties.OllamaEndpoint endpoint,
			String keepAlive, Duration timeout) {
		if (endpoint == EmbeddingProperties.OllamaEndpoint.EMBED) {
			EmbedResponse answer = post("/api/embed", new EmbedRequest(model, inputs, true, keepAlive), model,
					EmbedResponse.class, timeout);
			return (answer.embeddings() != null) ? List.of(answer.embeddings()) : List.of();
		}
		List<float[]> vectors = new ArrayList<>(inputs.size());
		for (String input : inputs) {
			LegacyResponse answer = post("/api/embeddings", new LegacyRequest(model, input, keepAlive), model,
					LegacyResponse.class, timeout);
			vectors.add((answer.embedding() != null) ? Vectors.normalize(answer.embedding()) : null);
		}
		return vectors;
	}

	void pull(String model, Duration timeout) {
		post("/api/pull", Map.of("model", model, "stream", false), model, JsonNode.class, timeout);
	}

	/** The names of the models pulled on the server. */
	List<String> models(Duration timeout) {
		Tags tags = timed("/api/tags",
				() -> this.client.get().uri("/api/tags").retrieve().bodyToMono(Tags.class).timeout(timeout).block());
		if (tags == null || tags.models() == null) {
			return List.of();
		}
		return tags.models().stream().map(Tag::name).toList();
	}

	/** The length of the model's vectors as the server reports it, if it does. */
	Integer embeddingLength(String model, Duration timeout) {
		JsonNode show = timed("/api/show",
				() -> this.client.post()
					.uri("/api/show")
					.bodyValue(Map.of("model", model))
					.retrieve()
					.bodyToMono(JsonNode.class)
					.timeout(timeout)
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

	private <T> T post(String path, Object body, String model, Class<T> answer, Duration timeout) {
		return timed(path, () -> exchange(path, body, model, answer, timeout));
	}

	private <T> T timed(String path, Supplier<T> call) {
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
				.tag("host", this.url)
				.tag("uri", path)
				.tag("outcome", outcome)
				.register(this.meters)
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private <T> T exchange(String path, Object body, String model, Class<T> answer, Duration timeout) {
		T result;
		try {
			result = this.client.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(answer)
						: response.bodyToMono(String.class)
							.defaultIfEmpty("")
							.flatMap((error) -> Mono.error(OllamaFailures.classify(this.url, path, model,
									response.statusCode().value(), error))))
				.timeout(timeout)
				.block();
		}
		catch (EmbeddingException ex) {
			throw ex;
		}
		catch (WebClientRequestException ex) {
			String reason = causedBy(ex, ConnectException.class) ? "connection refused"
					: causedBy(ex, UnknownHostException.class) ? "unknown host" : rootMessage(ex);
			throw new OllamaFailures.ConnectionFailedException(
					"Cannot connect to Ollama at %s (%s)".formatted(this.url, reason), ex);
		}
		catch (RuntimeException ex) {
			if (causedBy(ex, TimeoutException.class)) {
				throw EmbeddingException.unavailable("Ollama at %s did not answer within %ds (OLLAMA_TIMEOUT)"
					.formatted(this.url, timeout.toSeconds()), ex);
			}
			throw EmbeddingException.unavailable(
					"Ollama at %s sent an answer that could not be read: %s".formatted(this.url, rootMessage(ex)), ex);
		}
		if (result == null) {
			throw EmbeddingException.unavailable("Ollama at %s sent an empty answer".formatted(this.url), null);
		}
		return result;
	}

	static String baseUrl(String host) {
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
