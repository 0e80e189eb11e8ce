package dev.movies.system;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.movies.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI description lists every endpoint and method the code maps under
 * /api.
 */
@IntegrationTest
class OpenApiDocumentationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ObjectMapper json;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void describesEveryApiOperationTheCodeMaps() throws Exception {
		MvcResult result = this.mvc.get().uri("/openapi.json").exchange().getMvcResult();
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		JsonNode paths = this.json.readTree(result.getResponse().getContentAsString()).get("paths");

		Set<String> documented = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			path.getValue()
				.propertyNames()
				.forEach((method) -> documented.add(method.toUpperCase() + " " + path.getKey()));
		}
		Set<String> mapped = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			for (String pattern : entry.getKey().getPatternValues()) {
				if (pattern.startsWith("/api/")) {
					entry.getKey()
						.getMethodsCondition()
						.getMethods()
						.forEach((method) -> mapped.add(method.name() + " " + pattern));
				}
			}
		}
		assertThat(mapped).isNotEmpty();
		assertThat(documented).containsAll(mapped);
	}

	@Test
	void describesTheWholeHttpContract() throws Exception {
		MvcResult result = this.mvc.get().uri("/openapi.json").exchange().getMvcResult();
		JsonNode paths = this.json.readTree(result.getResponse().getContentAsString()).get("paths");
		Map<String, String> contract = Map.ofEntries(Map.entry("/api/movies/{movie_id}", "get"),
				Map.entry("/api/movies/external/{external_id}", "get"), Map.entry("/api/search", "get"),
				Map.entry("/api/recommendations/movie/{movie_id}", "get"),
				Map.entry("/api/recommendations/external/{external_id}", "get"),
				Map.entry("/api/recommendations/text", "get"), Map.entry("/api/recommendations/genres", "get"),
				Map.entry("/api/trending", "get"), Map.entry("/api/top-rated", "get"),
				Map.entry("/api/recommendations", "post"), Map.entry("/api/movies", "put"));
		contract.forEach((path, method) -> assertThat(paths.path(path).has(method)).as("%s %s", method, path).isTrue());
	}

	@Test
	void servesBrowsableUi() {
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@Test
	void theOriginalsDocsAndRedocAddressesLeadToTheUi() {
		assertThat(this.mvc.get().uri("/docs")).hasStatus3xxRedirection()
			.redirectedUrl()
			.contains("/swagger-ui/index.html");
		assertThat(this.mvc.get().uri("/redoc")).hasStatus3xxRedirection().hasRedirectedUrl("/docs");
	}

}
