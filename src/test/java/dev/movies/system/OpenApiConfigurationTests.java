package dev.movies.system;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.EmbeddingModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /openapi.json describes the API as it answers: each operation's parameters under the
 * names the service reads, and each answer's properties under the names real answers
 * carry. A client generated from the document sends and reads the wire names.
 */
@IntegrationTest
class OpenApiConfigurationTests {

	/** A YTS movie with cast and torrents, so that every nested shape is answered. */
	private static final String MOVIE = """
			[{"external_id": 12345, "imdb_code": "tt2543164", "title": "Arrival", "title_english": "Arrival",
			  "year": 2016, "rating": 7.9, "runtime": 116, "genres": ["Drama", "Sci-Fi"], "language": "en",
			  "description_intro": "A linguist meets aliens.", "description_full": "A linguist works with aliens.",
			  "like_count": 2500, "download_count": 90000, "date_uploaded": "2017-01-25 12:17:02",
			  "cast": [{"name": "Amy Adams", "character_name": "Louise Banks", "imdb_code": "nm0010736",
			            "url_small_image": "https://yts.example/amy.jpg"}],
			  "torrents": [{"url": "https://yts.example/t/A1", "hash": "A1B2C3", "quality": "720p", "type": "bluray",
			    "is_repack": "0", "video_codec": "x264", "bit_depth": "8", "audio_channels": "2.0", "seeds": 100,
			    "peers": 12, "size": "1.01 GB", "size_bytes": 1084479242, "date_uploaded": "2017-01-25 12:17:02",
			    "date_uploaded_unix": 1485343022}]},
			 {"external_id": -1, "title": "Rejected"}]
			""";

	private static final String ADMIN = "Bearer test-admin-key";

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingModel embeddingModel;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final HttpClient http = HttpClient.newHttpClient();

	private JsonNode document;

	private long arrival;

	@BeforeEach
	void embeddedCatalogue() throws Exception {
		this.data.reset();
		this.data.insertRandomlyEmbeddedMovies(5, 7, this.embeddingModel.name());
		HttpResponse<String> imported = send("PUT", "/api/movies", MOVIE, ADMIN);
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		this.arrival = this.jdbc.sql("SELECT id FROM movies WHERE external_id = 12345").query(Long.class).single();
		this.jdbc.sql("""
				INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash)
				SELECT :id, embedding, model, text_hash FROM movie_embeddings WHERE movie_id = 1
				""").param("id", this.arrival).update();
		this.document = this.json.readTree(send("GET", "/openapi.json", null, null).body());
	}

	@Test
	void documentsEachParameterUnderTheNameTheServiceReads() {
		Map<String, Set<String>> documented = new TreeMap<>();
		for (Map.Entry<String, JsonNode> path : this.document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				Set<String> names = new TreeSet<>();
				operation.getValue()
					.path("parameters")
					.forEach((parameter) -> names.add(parameter.get("name").asString()));
				documented.put(operation.getKey().toUpperCase() + " " + path.getKey(), names);
			}
		}
		Map<String, Set<String>> bound = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			for (String pattern : entry.getKey().getPatternValues()) {
				if (pattern.startsWith("/api/")) {
					entry.getKey()
						.getMethodsCondition()
						.getMethods()
						.forEach((method) -> bound.put(method.name() + " " + pattern, boundNames(entry.getValue())));
				}
			}
		}

		assertThat(bound).isNotEmpty();
		bound.forEach((operation, names) -> assertThat(documented.get(operation)).as(operation).isEqualTo(names));
		assertThat(documented.get("GET /api/recommendations/movie/{movie_id}")).contains("movie_id", "limit", "offset",
				"genres", "min_year", "max_year", "distance_metric", "min_rating", "min_similarity", "genre_match",
				"ranking", "diversity", "weights", "exclude", "language", "strategy", "explain");
	}

	/**
	 * Each documented parameter is the one the service reads: a value outside its
	 * documented type, values or range is a 400 naming it by the documented name; a
	 * documented required parameter left out is too.
	 */
	@Test
	void aValueOutsideAParametersDocumentedSchemaIsA400NamingIt() throws Exception {
		List<String> checked = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : this.document.get("paths").properties()) {
			JsonNode get = path.getValue().path("get");
			if (!path.getKey().startsWith("/api/") || get.isMissingNode()) {
				continue;
			}
			Map<String, String> valid = new LinkedHashMap<>();
			for (JsonNode parameter : get.path("parameters")) {
				if (parameter.path("required").asBoolean()) {
					valid.put(parameter.get("name").asString(), validSample(parameter));
				}
			}
			for (JsonNode parameter : get.path("parameters")) {
				String name = parameter.get("name").asString();
				String bad = invalidSample(parameter.get("schema"));
				if (bad == null) {
					continue;
				}
				Map<String, String> values = new LinkedHashMap<>(valid);
				values.put(name, bad);
				HttpResponse<String> response = send("GET", target(path.getKey(), get, values), null, null);
				String call = "%s with %s=%s".formatted(path.getKey(), name, bad);
				assertThat(response.statusCode()).as(call + ": " + response.body()).isEqualTo(400);
				assertThat(this.json.readTree(response.body()).path("errors").findValuesAsString("parameter")).as(call)
					.contains(name);
				checked.add(path.getKey() + " " + name);
				if (parameter.path("required").asBoolean() && parameter.path("in").asString().equals("query")) {
					values.remove(name);
					response = send("GET", target(path.getKey(), get, values), null, null);
					assertThat(response.statusCode()).as(path.getKey() + " without " + name).isEqualTo(400);
					assertThat(this.json.readTree(response.body()).path("errors").findValuesAsString("parameter"))
						.contains(name);
				}
			}
		}
		assertThat(checked).contains("/api/recommendations/movie/{movie_id} distance_metric",
				"/api/recommendations/text min_year", "/api/recommendations/external/{external_id} min_rating",
				"/api/trending limit", "/api/top-rated min_votes", "/api/recommendations/genres min_rating",
				"/api/recommendations/text exclude", "/api/recommendations/text explain");
	}

	/**
	 * Real answers of every operation of the HTTP contract, walked along the schema the
	 * document gives for them: every property an answer has is documented under that
	 * name, and every documented property shows up in some answer.
	 */
	@Test
	void documentsEachAnswerUnderTheNamesItCarries() throws Exception {
		String blended = "?limit=5&ranking=blended&explain=true";
		Map<String, Set<String>> seen = new TreeMap<>();
		List<String> problems = new ArrayList<>();
		answer("GET", "/api/movies/{movie_id}", "/api/movies/" + this.arrival, null, seen, problems);
		answer("GET", "/api/movies/external/{external_id}", "/api/movies/external/12345", null, seen, problems);
		answer("GET", "/api/search", "/api/search?query=arrival", null, seen, problems);
		answer("GET", "/api/recommendations/movie/{movie_id}", "/api/recommendations/movie/1" + blended, null, seen,
				problems);
		answer("GET", "/api/recommendations/external/{external_id}", "/api/recommendations/external/12345" + blended,
				null, seen, problems);
		answer("GET", "/api/recommendations/text", "/api/recommendations/text" + blended + "&text=aliens", null, seen,
				problems);
		answer("POST", "/api/recommendations", "/api/recommendations",
				"{\"liked\": [%d], \"explain\": true}".formatted(this.arrival), seen, problems);
		answer("GET", "/api/recommendations/genres", "/api/recommendations/genres?genres=Drama", null, seen, problems);
		answer("GET", "/api/trending", "/api/trending?min_year=1870&min_rating=0", null, seen, problems);
		answer("GET", "/api/top-rated", "/api/top-rated?min_votes=0&min_rating=0", null, seen, problems);
		answer("GET", "/api/genres", "/api/genres", null, seen, problems);
		answer("GET", "/health", "/health", null, seen, problems);
		answer("PUT", "/api/movies", "/api/movies", MOVIE, seen, problems);

		assertThat(problems).isEmpty();
		assertThat(seen).containsKeys("Movie", "RecommendedMovie", "Recommendations", "MovieList", "Torrent",
				"CastMember", "Explanation", "Components", "MovieRef", "ImportResult", "Rejection", "Genres",
				"GenreCount", "Health");
		seen.forEach((schema, keys) -> assertThat(keys).as("properties of %s in real answers", schema)
			.isEqualTo(properties(this.document.at("/components/schemas/" + schema))));
		assertThat(seen.get("MovieList")).contains("total_matches", "distance_metric");
		assertThat(seen.get("RecommendedMovie")).contains("similarity_score", "external_id");
	}

	private void answer(String method, String documentedPath, String target, String body, Map<String, Set<String>> seen,
			List<String> problems) throws Exception {
		HttpResponse<String> response = send(method, target, body, method.equals("PUT") ? ADMIN : null);
		assertThat(response.statusCode()).as(target + ": " + response.body()).isEqualTo(200);
		JsonNode operation = this.document.path("paths").path(documentedPath).path(method.toLowerCase());
		JsonNode content = operation.path("responses").path("200").path("content");
		assertThat(content.isObject()).as("documented answer of %s %s", method, documentedPath).isTrue();
		JsonNode schema = content.properties().iterator().next().getValue().get("schema");
		walk(schema, this.json.readTree(response.body()), method + " " + target, seen, problems);
	}

	/** Compares an answer's value with its documented schema, recursively. */
	private void walk(JsonNode schema, JsonNode value, String where, Map<String, Set<String>> seen,
			List<String> problems) {
		String ref = schema.path("$ref").asString("");
		JsonNode resolved = ref.isEmpty() ? schema : this.document.at(ref.substring(1));
		if (value.isArray()) {
			value.forEach((item) -> walk(resolved.path("items"), item, where + "[]", seen, problems));
		}
		else if (value.isObject() && resolved.has("properties")) {
			if (!ref.isEmpty()) {
				seen.computeIfAbsent(ref.substring(ref.lastIndexOf('/') + 1), (name) -> new TreeSet<>())
					.addAll(value.propertyNames());
			}
			for (Map.Entry<String, JsonNode> property : value.properties()) {
				JsonNode documented = resolved.get("properties").get(property.getKey());
				if (documented == null) {
					problems.add("%s: '%s' is not documented (documented: %s)".formatted(where, property.getKey(),
							properties(resolved)));
				}
				else {
					walk(documented, property.getValue(), where + "." + property.getKey(), seen, problems);
				}
			}
		}
	}

	private static Set<String> properties(JsonNode schema) {
		return new TreeSet<>(schema.path("properties").propertyNames());
	}

	/**
	 * The names a handler binds from the path and the query string, as the code declares
	 * them: {@code @PathVariable} and {@code @RequestParam} names, and the binding names
	 * of a record of query parameters.
	 */
	private static Set<String> boundNames(HandlerMethod handler) {
		Set<String> names = new TreeSet<>();
		for (MethodParameter parameter : handler.getMethodParameters()) {
			PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (variable != null) {
				names.add(variable.value().isEmpty() ? parameter.getParameterName() : variable.value());
			}
			else if (param != null) {
				names.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
			}
			else if (parameter.getParameterType().isRecord() && !parameter.hasParameterAnnotation(RequestBody.class)) {
				Class<?> type = parameter.getParameterType();
				RecordComponent[] components = type.getRecordComponents();
				java.lang.reflect.Parameter[] arguments = BeanUtils.getResolvableConstructor(type).getParameters();
				for (int i = 0; i < components.length; i++) {
					BindParam bindParam = arguments[i].getAnnotation(BindParam.class);
					names.add(bindParam != null ? bindParam.value() : components[i].getName());
				}
			}
		}
		return names;
	}

	/** A value the parameter's schema allows (for required parameters). */
	private static String validSample(JsonNode parameter) {
		JsonNode schema = parameter.get("schema");
		String type = schema.path("type").asString();
		if (type.equals("array")) {
			type = schema.path("items").path("type").asString();
		}
		if (parameter.path("in").asString().equals("path") && type.equals("integer")) {
			return "12345";
		}
		return type.equals("integer") ? "1" : "Drama";
	}

	/**
	 * A value the parameter's schema does not allow, or {@code null} for a free text.
	 */
	private static String invalidSample(JsonNode schema) {
		if (schema.has("enum")) {
			return "nope";
		}
		JsonNode scalar = schema.path("type").asString().equals("array") ? schema.path("items") : schema;
		return switch (scalar.path("type").asString()) {
			case "integer", "number" -> scalar.has("minimum") ? "-1" : "abc";
			case "boolean" -> "maybe";
			default -> null;
		};
	}

	private static String target(String path, JsonNode operation, Map<String, String> values) {
		String target = path;
		List<String> query = new ArrayList<>();
		for (JsonNode parameter : operation.path("parameters")) {
			String name = parameter.get("name").asString();
			if (!values.containsKey(name)) {
				continue;
			}
			if (parameter.path("in").asString().equals("path")) {
				target = target.replace("{" + name + "}", values.get(name));
			}
			else {
				query.add(name + "=" + values.get(name));
			}
		}
		return query.isEmpty() ? target : target + "?" + String.join("&", query);
	}

	private HttpResponse<String> send(String method, String target, String body, String authorization)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + target))
			.header("Accept", "application/json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
