package dev.movies.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.EmbeddingModel;
import dev.movies.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every parameter and every body field of every operation the OpenAPI document
 * lists, over real HTTP: each is sent, one at a time, with malformed values of many
 * shapes (wrong type, overflow, non-finite, empty, huge, undecodable, hostile). Every
 * answer must be a 2xx, or a 4xx as problem+json: never a 5xx, never an HTML page.
 * Requests without the admin key leave the catalogue exactly as it was; the admin's
 * (imports and deletes with the key) may change it only by writing valid records.
 */
@IntegrationTest
class OpenApiFuzzTests {

	static final ObjectMapper JSON = JsonMapper.builder().build();

	/**
	 * Malformed values for a path or query parameter, as sent on the wire (already
	 * encoded).
	 */
	static final List<String> BAD_PARAMETERS = List.of("", "%20", "-1", "0", "99999999999999999999", "1e309", "NaN",
			"-Infinity", "abc", "%ff%fe", "%00", "%C0%AE", "null", "%5B%5D", "1.5", "true",
			enc("' OR 1=1; DROP TABLE movies; --"), enc("😀\u202e"), "x".repeat(3_000));

	/** Malformed values for a JSON body field. */
	static final List<String> BAD_FIELDS = List.of("null", "\"\"", "\"abc\"", "-1", "0", "99999999999999999999",
			"1e309", "-1e309", "1.5", "true", "[]", "{}", "[null]", "[\"x\"]", "[1e400]", "[99999999999999999999]",
			"\"" + "x".repeat(100_000) + "\"", "\"\\u0000\"", "[" + "1,".repeat(5_000) + "1]");

	/** Whole bodies that are not what any operation expects. */
	static final List<String> BAD_BODIES = List.of("", "null", "[]", "{}", "{", "\"x\"", "1", "[null]", "{\"a\":",
			"\u0000");

	@LocalServerPort
	int port;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingModel embeddingModel;

	@BeforeEach
	void catalogueWithEmbeddings() {
		this.data.reset();
		this.data.insertRandomlyEmbeddedMovies(5, 7, this.embeddingModel.name());
	}

	@Test
	void everyParameterAndFieldOfEveryOpenOperation() throws Exception {
		String before = fingerprint();
		List<String> failures = new ArrayList<>();
		int requests = fuzz(false, failures);

		assertThat(requests).as("requests sent").isGreaterThan(500);
		assertThat(failures).as("answers that were a 5xx or not problem+json, of %d", requests).isEmpty();
		assertThat(fingerprint()).as("catalogue after %d requests without the key", requests).isEqualTo(before);
	}

	@Test
	void everyParameterAndFieldOfEveryAdminOperationWithTheKey() throws Exception {
		List<String> failures = new ArrayList<>();
		int requests = fuzz(true, failures);

		assertThat(requests).as("requests sent").isGreaterThan(100);
		assertThat(failures).as("answers that were a 5xx or not problem+json, of %d", requests).isEmpty();
		// whatever was stored is a valid movie: it reads back
		for (Long id : this.jdbc.sql("SELECT id FROM movies").query(Long.class).list()) {
			assertThat(send("GET", "/api/movies/" + id, null, null, null).status()).isEqualTo(200);
		}
	}

	/**
	 * Sends every malformed variant of the operations that are (admin) or are not (open)
	 * admin ones.
	 */
	private int fuzz(boolean admin, List<String> failures) throws Exception {
		JsonNode document = JSON.readTree(send("GET", "/openapi.json", null, null, null).body());
		int requests = 0;
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				String method = entry.getKey().toUpperCase();
				boolean adminOperation = !method.equals("GET")
						&& !(method.equals("POST") && path.getKey().equals("/api/recommendations"))
						|| path.getKey().startsWith("/api/admin");
				if (adminOperation != admin || path.getKey().startsWith("/api/admin")) {
					continue; // an index rebuild per fuzzed value would only cost time
				}
				List<Variant> variants = new ArrayList<>();
				if (method.equals("PUT") && path.getKey().equals("/api/movies")) {
					// the import reads its body as a stream: the document cannot show its
					// schema
					variants.addAll(new Operation(method, path.getKey(), entry.getValue(), document, "application/json")
						.variants());
					variants
						.addAll(new Operation(method, path.getKey(), entry.getValue(), document, "application/x-ndjson")
							.variants());
				}
				else {
					variants.addAll(new Operation(method, path.getKey(), entry.getValue(), document, null).variants());
				}
				for (Variant variant : variants) {
					requests++;
					RawHttp.Response response = send(method, variant.target(), variant.contentType(), variant.body(),
							admin ? "Bearer test-admin-key" : null);
					String type = String.valueOf(response.header("Content-Type"));
					boolean ok = response.status() < 300 && !type.startsWith("text/html") || response.status() >= 400
							&& response.status() < 500 && type.startsWith("application/problem+json");
					if (!ok) {
						failures.add("%s %s %s -> %d %s %s".formatted(method, abbreviate(variant.target()),
								abbreviate(variant.body()), response.status(), type, abbreviate(response.body())));
					}
				}
			}
		}
		return requests;
	}

	/**
	 * One operation of the document and the malformed requests made from its parameters
	 * and body.
	 */
	record Operation(String method, String path, JsonNode spec, JsonNode document, String streamedType) {

		List<Variant> variants() {
			List<Variant> variants = new ArrayList<>();
			Map<String, JsonNode> parameters = new LinkedHashMap<>();
			for (JsonNode parameter : this.spec.path("parameters")) {
				parameters.put(parameter.get("name").asString(), parameter);
			}
			String body = baseBody();
			String contentType = (body != null) ? bodyType() : null;
			for (String name : parameters.keySet()) {
				for (String bad : BAD_PARAMETERS) {
					variants.add(new Variant(target(parameters, name, bad), contentType, body));
				}
			}
			if (body != null) {
				JsonNode base = JSON.readTree(body);
				ObjectNode object = (base instanceof ArrayNode array) ? (ObjectNode) array.get(0) : (ObjectNode) base;
				for (String field : fields()) {
					for (String bad : BAD_FIELDS) {
						ObjectNode copy = object.deepCopy();
						copy.remove(field);
						String fieldJson = copy.isEmpty() ? "{\"%s\":%s}".formatted(field, bad)
								: copy.toString().substring(0, copy.toString().length() - 1)
										+ ",\"%s\":%s}".formatted(field, bad);
						variants.add(new Variant(target(parameters, null, null), contentType,
								(base instanceof ArrayNode) ? "[" + fieldJson + "]" : fieldJson));
					}
				}
				for (String bad : BAD_BODIES) {
					variants.add(new Variant(target(parameters, null, null), contentType, bad));
				}
			}
			return variants;
		}

		/**
		 * The path with its variables filled, the required query parameters given, one of
		 * them bad.
		 */
		String target(Map<String, JsonNode> parameters, String fuzzed, String bad) {
			String path = this.path;
			List<String> query = new ArrayList<>();
			for (Map.Entry<String, JsonNode> parameter : parameters.entrySet()) {
				String name = parameter.getKey();
				boolean inPath = parameter.getValue().path("in").asString().equals("path");
				String value = name.equals(fuzzed) ? bad : sample(parameter.getValue().path("schema"));
				if (inPath) {
					path = path.replace("{" + name + "}", value);
				}
				else if (name.equals(fuzzed) || parameter.getValue().path("required").asBoolean()) {
					query.add(name + "=" + value);
				}
			}
			return query.isEmpty() ? path : path + "?" + String.join("&", query);
		}

		private String sample(JsonNode schema) {
			String type = schema.path("type").asString();
			return switch (type) {
				case "integer", "number" -> "1";
				case "array" -> sample(schema.path("items"));
				default -> "heist";
			};
		}

		private String bodyType() {
			if (this.streamedType != null) {
				return this.streamedType;
			}
			Iterator<String> types = this.spec.path("requestBody").path("content").propertyNames().iterator();
			return types.hasNext() ? types.next() : "application/json";
		}

		/**
		 * A valid body to start from; each field is then replaced by malformed values.
		 */
		private String baseBody() {
			if (this.spec.path("requestBody").isMissingNode() && this.streamedType == null) {
				return null;
			}
			if (this.path.equals("/api/recommendations")) {
				return "{\"liked\":[1],\"limit\":3}";
			}
			if (this.path.equals("/api/movies")) {
				return bodyType().contains("json") && !bodyType().contains("nd") && !bodyType().contains("jsonl")
						? "[{\"external_id\":900001,\"title\":\"Fuzzed\"}]"
						: "{\"external_id\":900001,\"title\":\"Fuzzed\"}";
			}
			return "{}";
		}

		/**
		 * The body's fields as the document's schema names them (following $ref and
		 * arrays).
		 */
		private List<String> fields() {
			JsonNode schema = resolve(this.spec.path("requestBody").path("content").path(bodyType()).path("schema"));
			if (schema.path("type").asString().equals("array")) {
				schema = resolve(schema.path("items"));
			}
			List<String> fields = new ArrayList<>(schema.path("properties").propertyNames());
			if (fields.isEmpty() && this.path.equals("/api/movies")) {
				// the import reads its body as a stream: the document shows no schema for
				// it
				fields.addAll(List.of("external_id", "title", "year", "rating", "runtime", "genres", "like_count",
						"date_uploaded", "date_uploaded_unix", "cast", "language", "description_full"));
			}
			return fields;
		}

		private JsonNode resolve(JsonNode schema) {
			String ref = schema.path("$ref").asString("");
			return ref.isEmpty() ? schema : this.document.at(ref.substring(1));
		}

	}

	record Variant(String target, String contentType, String body) {
	}

	private RawHttp.Response send(String method, String target, String contentType, String body, String authorization)
			throws Exception {
		Map<String, String> headers = new LinkedHashMap<>();
		if (contentType != null) {
			headers.put("Content-Type", contentType);
		}
		if (authorization != null) {
			headers.put("Authorization", authorization);
		}
		return RawHttp.send(this.port, method, target, headers,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
	}

	private String fingerprint() {
		return this.jdbc.sql("""
				SELECT (SELECT md5(coalesce(string_agg(m::text, '|' ORDER BY m.id), '')) FROM movies m)
				    || (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.movie_id), '')) FROM movie_embeddings e)
				""").query(String.class).single();
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		return text.length() <= 120 ? text : text.substring(0, 117) + "...";
	}

}
