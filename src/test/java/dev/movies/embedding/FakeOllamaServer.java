package dev.movies.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server that speaks Ollama's embedding protocol (REFERENCE.md):
 * {@code /api/embed}, {@code /api/embeddings}, {@code /api/tags}, {@code /api/show},
 * {@code /api/pull}, with Ollama's error bodies. Like Ollama it embeds one request at a
 * time, optionally taking a fixed time for each.
 */
public class FakeOllamaServer implements AutoCloseable {

	public static final String MODEL = "nomic-embed-text";

	private static final JsonMapper JSON = JsonMapper.shared();

	static {
		// Headers and body go out as separate writes: without TCP_NODELAY, Nagle's
		// algorithm and delayed ACKs add up to 40 ms to each answer, which Ollama does
		// not.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final ReentrantLock oneAtATime = new ReentrantLock(true);

	final Set<String> pulledModels = ConcurrentHashMap.newKeySet();

	final List<JsonNode> embedRequests = new CopyOnWriteArrayList<>();

	final AtomicInteger legacyRequests = new AtomicInteger();

	final AtomicInteger pulls = new AtomicInteger();

	/**
	 * Canned answers ({@code status, body}) served before anything else, one per request.
	 */
	final Queue<Map.Entry<Integer, String>> scripted = new ConcurrentLinkedQueue<>();

	public volatile int dimension = 768;

	public volatile Duration timePerRequest = Duration.ZERO;

	/**
	 * Answers a request whose inputs include this text with 400 "input length exceeds the
	 * context length".
	 */
	volatile String tooLongMarker;

	public FakeOllamaServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.pulledModels.add(MODEL);
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void script(int status, String body) {
		this.scripted.add(Map.entry(status, body));
	}

	/** Embedding requests that arrived, including those still being served. */
	final AtomicInteger embedsReceived = new AtomicInteger();

	int embedCalls() {
		return this.embedRequests.size();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			JsonNode body = readBody(exchange.getRequestBody());
			if (path.startsWith("/api/embed")) {
				this.embedsReceived.incrementAndGet();
			}
			Map.Entry<Integer, String> canned = path.startsWith("/api/embed") ? this.scripted.poll() : null;
			if (canned != null) {
				send(exchange, canned.getKey(), canned.getValue());
				return;
			}
			switch (path) {
				case "/api/embed" -> serialized(exchange, () -> embed(exchange, body));
				case "/api/embeddings" -> serialized(exchange, () -> legacyEmbedding(exchange, body));
				case "/api/tags" -> tags(exchange);
				case "/api/show" -> show(exchange, body);
				case "/api/pull" -> pull(exchange, body);
				default -> send(exchange, 404, "404 page not found");
			}
		}
	}

	private void serialized(HttpExchange exchange, IoAction action) throws IOException {
		this.oneAtATime.lock();
		try {
			if (!this.timePerRequest.isZero()) {
				Thread.sleep(this.timePerRequest);
			}
			action.run();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.oneAtATime.unlock();
		}
	}

	private void embed(HttpExchange exchange, JsonNode body) throws IOException {
		this.embedRequests.add(body);
		String model = body.path("model").asString("");
		if (!known(model)) {
			send(exchange, 404, error("model '%s' not found".formatted(model)));
			return;
		}
		List<String> inputs = new ArrayList<>();
		JsonNode input = body.path("input");
		if (input.isArray()) {
			input.forEach((text) -> inputs.add(text.asString()));
		}
		else {
			inputs.add(input.asString());
		}
		if (this.tooLongMarker != null && inputs.stream().anyMatch((text) -> text.contains(this.tooLongMarker))) {
			send(exchange, 400, error("the input length exceeds the context length"));
			return;
		}
		StringBuilder json = new StringBuilder(inputs.size() * this.dimension * 12);
		json.append("{\"model\":\"").append(model).append("\",\"embeddings\":[");
		for (int i = 0; i < inputs.size(); i++) {
			appendVector(json.append((i > 0) ? "," : ""), vectorFor(inputs.get(i), this.dimension, 1));
		}
		json.append("],\"total_duration\":1000,\"load_duration\":10,\"prompt_eval_count\":").append(inputs.size() * 10);
		send(exchange, 200, json.append('}').toString());
	}

	private void legacyEmbedding(HttpExchange exchange, JsonNode body) throws IOException {
		this.legacyRequests.incrementAndGet();
		String model = body.path("model").asString("");
		if (!known(model)) {
			send(exchange, 404, error("model \"%s\" not found, try pulling it first".formatted(model)));
			return;
		}
		// The old endpoint does not normalise: scale the vector so the client has to.
		StringBuilder json = new StringBuilder("{\"embedding\":");
		appendVector(json, vectorFor(body.path("prompt").asString(), this.dimension, 7.5f));
		send(exchange, 200, json.append('}').toString());
	}

	private void tags(HttpExchange exchange) throws IOException {
		List<Map<String, Object>> models = new ArrayList<>();
		for (String model : this.pulledModels) {
			models.add(Map.of("name", model + ":latest", "model", model + ":latest", "size", 274302450));
		}
		send(exchange, 200, JSON.writeValueAsString(Map.of("models", models)));
	}

	private void show(HttpExchange exchange, JsonNode body) throws IOException {
		String model = body.path("model").asString("");
		if (!known(model)) {
			send(exchange, 404, error("model '%s' not found".formatted(model)));
			return;
		}
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("general.architecture", "nomic-bert");
		info.put("nomic-bert.context_length", 2048);
		info.put("nomic-bert.embedding_length", this.dimension);
		send(exchange, 200, JSON.writeValueAsString(Map.of("model_info", info, "capabilities", List.of("embedding"))));
	}

	private void pull(HttpExchange exchange, JsonNode body) throws IOException {
		this.pulls.incrementAndGet();
		this.pulledModels.add(body.path("model").asString());
		send(exchange, 200, "{\"status\":\"success\"}");
	}

	private boolean known(String model) {
		String name = model.endsWith(":latest") ? model.substring(0, model.length() - ":latest".length()) : model;
		return this.pulledModels.contains(name);
	}

	static float[] vectorFor(String text, int dimension, float scale) {
		Random random = new Random(text.hashCode());
		float[] vector = new float[dimension];
		double sum = 0;
		for (int i = 0; i < dimension; i++) {
			vector[i] = (float) random.nextGaussian();
			sum += vector[i] * vector[i];
		}
		float norm = (float) (scale / Math.sqrt(sum));
		for (int i = 0; i < dimension; i++) {
			vector[i] *= norm;
		}
		return vector;
	}

	private static void appendVector(StringBuilder json, float[] vector) {
		json.append('[');
		for (int i = 0; i < vector.length; i++) {
			json.append((i > 0) ? "," : "").append(vector[i]);
		}
		json.append(']');
	}

	static String error(String message) {
		return JSON.writeValueAsString(Map.of("error", message));
	}

	private static JsonNode readBody(InputStream in) throws IOException {
		byte[] bytes = in.readAllBytes();
		return (bytes.length == 0) ? JSON.missingNode() : JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

}
