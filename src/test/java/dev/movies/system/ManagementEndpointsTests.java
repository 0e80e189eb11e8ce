package dev.movies.system;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.movies.MovieRecommenderApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as an operator runs it, over real HTTP (test contexts switch metrics export
 * off), with its Ollama unreachable: what the probes say, what health shows to whom,
 * which actuator endpoints exist, what Prometheus scrapes, and CORS for a configured
 * origin.
 */
class ManagementEndpointsTests {

	static final String ADMIN = "Bearer test-admin-key";

	static final String FRONT_END = "https://movies.example";

	static ConfigurableApplicationContext service;

	static String ollama;

	static String base;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startService() throws Exception {
		try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			ollama = "http://127.0.0.1:" + unused.getLocalPort();
		}
		service = new SpringApplicationBuilder(MovieRecommenderApplication.class).profiles("test")
			.run("--server.port=0", "--spring.main.banner-mode=off", "--movies.embedding.provider=ollama",
					"--movies.embedding.ollama.hosts=" + ollama, "--movies.cors.allowed-origins=" + FRONT_END);
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort();
	}

	@AfterAll
	static void stopService() {
		service.close();
	}

	@Test
	void livenessIsUpWhileOllamaIsUnreachable() throws Exception {
		HttpResponse<String> liveness = get("/actuator/health/liveness", null);

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body())
			.isEqualTo("{\"components\":{\"livenessState\":{\"status\":\"UP\"}},\"status\":\"UP\"}");
	}

	@Test
	void readinessIsDownWhileOllamaIsUnreachableAndListsDatabaseAndModel() throws Exception {
		HttpResponse<String> readiness = get("/actuator/health/readiness", null);

		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("\"status\":\"DOWN\"")
			.contains("\"db\":{\"status\":\"UP\"}")
			.contains("\"embeddingModel\":{\"status\":\"DOWN\"}")
			.contains("\"readinessState\":{\"status\":\"UP\"}");
	}

	@Test
	void healthListsComponentsToEveryoneAndDetailsOnlyWithTheAdminKey() throws Exception {
		HttpResponse<String> anonymous = get("/actuator/health", null);
		HttpResponse<String> wrongKey = get("/actuator/health", "Bearer not-the-key");
		HttpResponse<String> admin = get("/actuator/health", ADMIN);

		assertThat(anonymous.statusCode()).isEqualTo(503);
		assertThat(anonymous.body()).contains("\"db\":{\"status\":\"UP\"}", "\"embeddingModel\":{\"status\":\"DOWN\"}")
			.doesNotContain("details", ollama);
		assertThat(wrongKey.body()).isEqualTo(anonymous.body());
		assertThat(admin.statusCode()).isEqualTo(503);
		assertThat(admin.body()).contains("\"details\"", "\"database\":\"PostgreSQL\"",
				"\"error\":\"Cannot connect to Ollama at " + ollama + "\"");
		assertThat(get("/actuator/health/readiness", ADMIN).body()).contains("Cannot connect to Ollama at " + ollama);
	}

	@ParameterizedTest
	@CsvSource({ "GET, env", "GET, heapdump", "POST, shutdown", "GET, beans", "GET, configprops", "GET, loggers",
			"GET, threaddump", "GET, metrics", "GET, mappings", "GET, scheduledtasks" })
	void endpointsBeyondHealthInfoPrometheusAndEmbeddingsAreNotServed(String method, String endpoint) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/actuator/" + endpoint))
			.header("Authorization", ADMIN)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();

		assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
	}

	/** Finding 4: the embedding failure was an unhandled 500. */
	@Test
	void aTextQueryWhileOllamaIsUnreachableIsA503WithRetryAfter() throws Exception {
		HttpResponse<String> query = get("/api/recommendations/text?text=a%20heist", null);

		assertThat(query.statusCode()).isEqualTo(503);
		assertThat(query.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(query.headers().firstValue("Retry-After")).isPresent();
		assertThat(query.body()).contains("Embedding model unavailable").doesNotContain(ollama);
	}

	@Test
	void embeddingsEndpointNeedsTheAdminKey() throws Exception {
		assertThat(get("/actuator/embeddings", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/embeddings", ADMIN).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/info", null).statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusServesRequestEmbeddingOllamaAndPoolMetrics() throws Exception {
		assertThat(get("/api/movies/987654321", null).statusCode()).isEqualTo(404);
		get("/actuator/health/readiness", null);

		HttpResponse<String> scrape = get("/actuator/prometheus", null);

		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).containsPattern(
				"http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"404\"[^}]*uri=\"/api/movies/\\{movie_id\\}\"")
			.contains("movies_embedding_movies_total{outcome=\"succeeded\"}",
					"movies_embedding_movies_total{outcome=\"failed\"}", "movies_embedding_retries_total",
					"movies_embedding_model_calls_seconds", "movies_embedding_pages_seconds", "ollama_failovers_total",
					"hikaricp_connections_active", "hikaricp_connections_max")
			.containsPattern(
					"ollama_requests_seconds_count\\{host=\"" + ollama + "\",outcome=\"error\",uri=\"/api/tags\"}");
		// a request is observed once, not once more per security filter and decision
		assertThat(scrape.body()).doesNotContain("spring_security_");
	}

	@Test
	void corsPreflightFromAConfiguredOriginIsAllowed() throws Exception {
		HttpResponse<String> preflight = this.http.send(HttpRequest.newBuilder(URI.create(base + "/api/movies/1"))
			.header("Origin", FRONT_END)
			.header("Access-Control-Request-Method", "DELETE")
			.header("Access-Control-Request-Headers", "authorization")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(FRONT_END);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).contains("DELETE"));
		// reads are open to every origin by default
		assertThat(get("/api/trending", null, FRONT_END).headers().firstValue("Access-Control-Allow-Origin"))
			.hasValue("*");
	}

	@Test
	void aWriteFromAnotherOriginIsRefused() throws Exception {
		HttpResponse<String> foreign = this.http.send(HttpRequest.newBuilder(URI.create(base + "/api/movies/1"))
			.header("Origin", "https://elsewhere.example")
			.header("Access-Control-Request-Method", "DELETE")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(foreign.body()).contains("\"status\":403", "CORS_ALLOWED_ORIGINS");
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		return get(path, authorization, null);
	}

	private HttpResponse<String> get(String path, String authorization, String origin) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (origin != null) {
			request.header("Origin", origin);
		}
		return this.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

}
