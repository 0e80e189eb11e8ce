package dev.movies.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.movies.TestData;
import dev.movies.TestDatabaseConfiguration;
import dev.movies.embedding.Backfills;
import dev.movies.embedding.EmbeddingJobService;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.embedding.WikipediaFilms;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The web page's figures in headless Chromium, with the 36,273 Wikipedia films embedded
 * by an instant model (the tests' hashing model, 384 dimensions like the in-process one:
 * the map's cost depends on how many vectors there are and their size, not on their
 * meaning). Prints, asserts nothing about time. Run:
 * {@code ./mvnw -Pbenchmark test -Dtest=WebPageBenchmark -Dmovies.benchmark.dataset=
 *
<dir>
 * }.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({ TestDatabaseConfiguration.class, TestData.class, TestEmbeddingModelConfiguration.class })
class WebPageBenchmark {

	private static final int RUNS = 5;

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private EmbeddingJobService jobs;

	@Autowired
	private ObjectMapper json;

	@Test
	void homePageBytesMapDrawingAndFirstSuggestion() throws Exception {
		int films = WikipediaFilms.load(this.jdbc, Integer.MAX_VALUE);
		long embedStart = System.nanoTime();
		Backfills.run(this.jobs, false);
		System.out.printf("[web-bench] %,d films loaded and embedded by the instant model in %.1f s%n", films,
				(System.nanoTime() - embedStart) / 1e9);

		String base = "http://localhost:" + this.port;
		HttpClient http = HttpClient.newHttpClient();
		long mapStart = System.nanoTime();
		JsonNode map;
		while (true) {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/map")).build(),
					HttpResponse.BodyHandlers.ofString());
			map = this.json.readTree(answer.body());
			if (answer.statusCode() == 200 && "ready".equals(map.get("status").asString())
					&& map.get("count").asInt() == films) {
				break;
			}
			Thread.sleep(50);
		}
		System.out.printf(
				"[web-bench] map of %,d movies computed by the service in %d ms (first request to ready: %d ms)%n",
				map.get("count").asInt(), map.get("compute_millis").asLong(),
				(System.nanoTime() - mapStart) / 1_000_000);
		HttpResponse<byte[]> gzipped = http.send(
				HttpRequest.newBuilder(URI.create(base + "/api/map")).header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		System.out.printf("[web-bench] /api/map: %,d bytes gzip (%s)%n", gzipped.body().length,
				gzipped.headers().firstValue("Content-Encoding").orElse("identity"));

		try (Browser browser = new Browser(base, Path.of("target", "benchmark-screenshots"))) {
			// home page: every byte the browser transferred, on a cold cache
			browser.open("#/");
			browser.await(By.cssSelector("ul[aria-label='Genres'] .chip"));
			Thread.sleep(500);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> entries = (List<Map<String, Object>>) browser
				.script("""
						return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
						  .map((e) => ({ name: e.name.replace(location.origin, ''), bytes: e.transferSize, body: e.decodedBodySize }));
						""");
			long total = 0;
			long decoded = 0;
			for (Map<String, Object> entry : entries) {
				total += ((Number) entry.get("bytes")).longValue();
				decoded += ((Number) entry.get("body")).longValue();
				System.out.printf("[web-bench]   %-60s %,8d bytes transferred%n", entry.get("name"),
						((Number) entry.get("bytes")).longValue());
			}
			System.out.printf(
					"[web-bench] home page: %,d bytes transferred in %d requests (%,d bytes uncompressed), no covers%n",
					total, entries.size(), decoded);

			// the map: a fresh page load (the map downloaded), then reloads (revalidated:
			// a 304)
			List<Long> sinceView = new ArrayList<>();
			List<Long> sinceNavigation = new ArrayList<>();
			for (int run = 0; run <= RUNS; run++) {
				browser.driver().get("about:blank");
				if (run == 0) {
					((JavascriptExecutor) browser.driver()).executeScript("return 1");
				}
				browser.open("#/map");
				browser.await(By.cssSelector("canvas.map-canvas[data-drawn-ms]"));
				long view = ((Number) browser.script("return window.__mapDrawnMs")).longValue();
				long navigation = Math.round(((Number) browser.script("return window.__mapDrawnAt")).doubleValue());
				if (run == 0) {
					System.out.printf(
							"[web-bench] map drawn, first visit: %d ms after the view opened, %d ms after navigation start%n",
							view, navigation);
				}
				else {
					sinceView.add(view);
					sinceNavigation.add(navigation);
				}
			}
			System.out.printf(
					"[web-bench] map drawn, reloads (median of %d): %d ms after the view opened, %d ms after navigation start%n",
					RUNS, median(sinceView), median(sinceNavigation));
			browser.screenshot("map-36000");

			// hovering: the time one pointer move takes to find the nearest dot and
			// redraw
			WebElement canvas = browser.driver().findElement(By.cssSelector("canvas.map-canvas"));
			Number hover = (Number) browser.script("""
					const canvas = arguments[0];
					const rect = canvas.getBoundingClientRect();
					const start = performance.now();
					for (let i = 0; i < 200; i++) {
					  canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + (i * 37) % rect.width,
					    clientY: rect.top + (i * 53) % rect.height, bubbles: true }));
					}
					return (performance.now() - start) / 200;
					""", canvas);
			System.out.printf("[web-bench] map hover lookup: %.2f ms per pointer move (36k dots, grid lookup)%n",
					hover.doubleValue());

			// search: from the last keystroke to the first suggestion on screen
			List<Long> suggestion = new ArrayList<>();
			for (String query : List.of("godfater", "casablanka", "star wars", "jurasic park", "titanik", "matrix")) {
				browser.open("#/");
				WebElement input = browser.await(By.id("search-input"));
				input.clear();
				browser
					.script("""
							const input = document.getElementById('search-input');
							const list = document.getElementById('search-results');
							window.__lastKey = 0; window.__shown = 0;
							input.addEventListener('keydown', () => { window.__lastKey = performance.now(); window.__shown = 0; });
							new MutationObserver(() => {
							  if (!list.hidden && list.querySelector('.suggestion') && !window.__shown) window.__shown = performance.now();
							}).observe(list, { childList: true, attributes: true });
							""");
				input.sendKeys(query);
				browser.await(Duration.ofSeconds(10))
					.until((d) -> ((Number) browser.script("return window.__shown")).doubleValue() > 0);
				Thread.sleep(300);
				double shown = ((Number) browser.script("return window.__shown")).doubleValue();
				double key = ((Number) browser.script("return window.__lastKey")).doubleValue();
				suggestion.add(Math.round(shown - key));
			}
			System.out.printf(
					"[web-bench] first suggestion after the last keystroke: median %d ms, max %d ms (%s; 120 ms of each is the debounce)%n",
					median(suggestion), suggestion.stream().mapToLong(Long::longValue).max().orElse(0), suggestion);
		}
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

}
