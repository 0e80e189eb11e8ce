package dev.movies.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks every admin operation over real HTTP the way finding 1 did: the operations are
 * read from Spring MVC's request mappings and actuator's exposed endpoints (so one added
 * later is attacked too, without editing this test), and each is sent without the key in
 * many spellings that a router might read differently from a security check. None may
 * succeed, and the catalogue, the backfill jobs and the vector index stay exactly as they
 * were.
 * <p>
 * Admin operations: every mapping for a method other than GET, HEAD and OPTIONS (except
 * {@code POST /api/recommendations}, a query), everything under {@code /api/admin}, and
 * every operation of the {@code embeddings} actuator endpoint.
 */
@IntegrationTest
class AdminAttackTests {

	static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	WebEndpointsSupplier actuator;

	@Autowired
	PathMappedEndpoints actuatorPaths;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void seed() {
		this.data.reset();
		this.data.insertMovie(1, "The Kept Movie", 2001, 7.5, List.of("Drama"), "Nothing may remove it.");
		this.data.insertMovie(2, "Another Kept Movie", 2002, 6.5, List.of("Comedy"), "Nor this one.");
	}

	@Test
	void theOperationsUnderAttackIncludeTheKnownOnes() {
		assertThat(adminOperations()).extracting((operation) -> operation.method() + " " + operation.path())
			.contains("PUT /api/movies", "DELETE /api/movies/1", "POST /api/admin/index/rebuild",
					"GET /api/admin/index", "GET /actuator/embeddings", "POST /actuator/embeddings",
					"DELETE /actuator/embeddings")
			.doesNotContain("POST /api/recommendations");
	}

	@Test
	void everySpellingOfEveryAdminOperationIsRefusedWithoutTheKey() throws Exception {
		String before = fingerprint();
		List<String> accepted = new ArrayList<>();
		int attempts = 0;
		for (Operation operation : adminOperations()) {
			for (String spelling : spellings(operation.path())) {
				for (Map<String, String> credentials : List.of(Map.<String, String>of(),
						Map.of("Authorization", "Bearer not-the-key"),
						Map.of("Authorization", "Basic YWRtaW46YWRtaW4="))) {
					attempts++;
					RawHttp.Response response = send(operation, spelling, credentials);
					boolean refused = response.status() >= 300 && response.status() < 500;
					boolean problem = response.status() < 400
							|| String.valueOf(response.header("Content-Type")).startsWith("application/problem+json");
					if (!refused || !problem) {
						accepted.add("%s %s %s -> %d %s".formatted(operation.method(), spelling, credentials,
								response.status(), response.header("Content-Type")));
					}
				}
			}
		}
		assertThat(accepted).as("spellings answered with anything but a problem+json refusal, of %d", attempts)
			.isEmpty();
		assertThat(fingerprint()).isEqualTo(before);
	}

	@Test
	void theCanonicalSpellingIsChallengedForTheBearerKey() throws Exception {
		for (Operation operation : adminOperations()) {
			RawHttp.Response anonymous = send(operation, operation.path(), Map.of());
			RawHttp.Response wrongKey = send(operation, operation.path(), Map.of("Authorization", "Bearer nope"));

			assertThat(anonymous.status()).as(operation.toString()).isEqualTo(401);
			assertThat(anonymous.header("WWW-Authenticate")).as(operation.toString()).isEqualTo("Bearer");
			assertThat(anonymous.body()).contains("Authorization: Bearer <ADMIN_API_KEY>");
			assertThat(wrongKey.status()).as(operation.toString()).isEqualTo(401);
			assertThat(wrongKey.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		}
	}

	/**
	 * Without this, the refusals above could come from operations that no longer exist.
	 */
	@Test
	void theAdminKeyReachesEveryOperation() throws Exception {
		for (Operation operation : adminOperations()) {
			RawHttp.Response admin = send(operation, operation.path(),
					Map.of("Authorization", "Bearer test-admin-key"));

			assertThat(admin.status()).as(operation + " with the key: " + admin.body())
				.isNotIn(401, 403, 404, 405)
				.isLessThan(500);
		}
	}

	/**
	 * Each admin operation once per path and method, its path variables naming movie 1.
	 */
	List<Operation> adminOperations() {
		Set<Operation> operations = new LinkedHashSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			if (ErrorController.class.isAssignableFrom(mapping.getValue().getBeanType())) {
				continue; // the error page, not an operation
			}
			RequestMappingInfo info = mapping.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			List<String> names = methods.isEmpty() ? List.of("POST", "PUT", "PATCH", "DELETE")
					: methods.stream().map(RequestMethod::name).toList();
			Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
			String contentType = consumes.isEmpty() ? null : consumes.iterator().next().toString();
			for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
				String path = pattern.replaceAll("\\{[^}]*}", "1");
				for (String method : names) {
					boolean admin = path.equals("/api/admin") || path.startsWith("/api/admin/")
							|| (!READS.contains(method)
									&& !(method.equals("POST") && path.equals("/api/recommendations")));
					if (admin) {
						operations.add(new Operation(method, path, contentType));
					}
				}
			}
		}
		String base = this.actuatorPaths.getBasePath();
		for (ExposableWebEndpoint endpoint : this.actuator.getEndpoints()) {
			for (WebOperation operation : endpoint.getOperations()) {
				WebEndpointHttpMethod method = operation.getRequestPredicate().getHttpMethod();
				if (endpoint.getEndpointId().toString().equals("embeddings") || method != WebEndpointHttpMethod.GET) {
					String path = base + "/" + operation.getRequestPredicate().getPath().replaceAll("\\{[^}]*}", "1");
					operations.add(new Operation(method.name(), path,
							method == WebEndpointHttpMethod.POST ? MediaType.APPLICATION_JSON_VALUE : null));
				}
			}
		}
		return List.copyOf(operations);
	}

	/**
	 * The spellings of a path that a naive check and the router may read differently:
	 * letters percent-encoded (upper and lower case hex), matrix parameters, dot segments
	 * (plain and encoded), doubled and trailing slashes, other letter case, an encoded
	 * slash or backslash.
	 */
	static Set<String> spellings(String path) {
		List<String> segments = List.of(path.substring(1).split("/"));
		Set<String> spellings = new LinkedHashSet<>();
		spellings.add(path);
		for (int i = 0; i < segments.size(); i++) {
			String segment = segments.get(i);
			spellings.add(join(segments, i, encodeFirstLetter(segment, "%%%02x")));
			spellings.add(join(segments, i, encodeFirstLetter(segment, "%%%02X")));
			spellings.add(join(segments, i, segment + ";x"));
			spellings.add(join(segments, i, segment + ";jsessionid=1"));
			spellings.add(join(segments, i, "." + "/" + segment));
			spellings.add(join(segments, i, "x/../" + segment));
			spellings.add(join(segments, i, "%2e/" + segment));
			spellings.add(join(segments, i, "x/%2E%2E/" + segment));
			spellings.add(join(segments, i, "/" + segment));
			spellings.add(join(segments, i, segment.toUpperCase(Locale.ROOT)));
			spellings.add(join(segments, i, segment + "%00"));
			spellings.add(join(segments, i, segment + "%20"));
		}
		StringBuilder allEncoded = new StringBuilder();
		for (char c : path.toCharArray()) {
			allEncoded.append(Character.isLetter(c) ? "%%%02x".formatted((int) c) : String.valueOf(c));
		}
		spellings.add(allEncoded.toString());
		spellings.add(path + "/");
		spellings.add(path + "//");
		spellings.add(path + "/.");
		spellings.add(path + ";");
		spellings.add(path + "%3Bx");
		spellings.add("/" + path);
		spellings.add(path.replace("/", "//"));
		spellings.add("/" + path.substring(1).replace("/", "%2F"));
		spellings.add("/" + path.substring(1).replace("/", "%2f"));
		spellings.add("/" + path.substring(1).replace("/", "%5C"));
		spellings.add("/" + path.substring(1).replace("/", "\\"));
		// double encoding: %2561 is "%61" once decoded
		spellings.add("/%25" + "%02x".formatted((int) path.charAt(1)) + path.substring(2));
		return spellings;
	}

	private static String encodeFirstLetter(String segment, String format) {
		for (int i = 0; i < segment.length(); i++) {
			if (Character.isLetter(segment.charAt(i))) {
				return segment.substring(0, i) + format.formatted((int) segment.charAt(i)) + segment.substring(i + 1);
			}
		}
		return segment;
	}

	private static String join(List<String> segments, int replaced, String replacement) {
		List<String> copy = new ArrayList<>(segments);
		copy.set(replaced, replacement);
		return "/" + String.join("/", copy);
	}

	private RawHttp.Response send(Operation operation, String target, Map<String, String> credentials)
			throws Exception {
		Map<String, String> headers = new java.util.LinkedHashMap<>(credentials);
		byte[] body = null;
		if (operation.contentType() != null) {
			headers.put("Content-Type", operation.contentType());
			body = (operation.contentType().contains("json") && !operation.contentType().contains("x-ndjson")
					&& !operation.contentType().contains("jsonl")
							? operation.path().startsWith("/actuator") ? "{\"force\":true}"
									: "[{\"external_id\":900001,\"title\":\"Planted by an attacker\",\"year\":2000}]"
							: "{\"external_id\":900001,\"title\":\"Planted by an attacker\",\"year\":2000}\n")
				.getBytes(StandardCharsets.UTF_8);
		}
		return RawHttp.send(this.port, operation.method(), target, headers, body);
	}

	/** The catalogue, its vectors, the backfill jobs and the vector index files. */
	private String fingerprint() {
		return this.jdbc.sql("""
				SELECT (SELECT md5(coalesce(string_agg(m::text, '|' ORDER BY m.id), '')) FROM movies m)
				    || (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.movie_id), '')) FROM movie_embeddings e)
				    || (SELECT count(*) FROM embedding_jobs)::text
				    || (SELECT coalesce(string_agg(c.relname || ':' || c.relfilenode, ',' ORDER BY c.relname), '')
				        FROM pg_class c WHERE c.relkind = 'i' AND c.relname LIKE '%embedding%')
				""").query(String.class).single();
	}

	record Operation(String method, String path, String contentType) {

		@Override
		public String toString() {
			return this.method + " " + this.path + (this.contentType == null ? "" : " (" + this.contentType + ")");
		}

	}

}
