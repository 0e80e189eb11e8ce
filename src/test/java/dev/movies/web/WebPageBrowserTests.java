package dev.movies.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in a real headless Chromium against the real service (random port, the
 * test database, the in-process embedding model): every flow a newcomer uses, in order,
 * as one visit. Each page is checked for console errors and axe-core's serious and
 * critical violations, and photographed at desktop and phone width into
 * {@code target/screenshots}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageBrowserTests {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Pattern RATING = Pattern.compile("★ (\\d+(?:\\.\\d)?)");

	@LocalServerPort
	private int port;

	@Autowired
	private TestData testData;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ObjectMapper json;

	private Browser browser;

	@BeforeAll
	void openBrowser() {
		this.testData.reset();
		this.browser = new Browser("http://localhost:" + this.port, SCREENSHOTS);
	}

	@AfterAll
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	@Order(1)
	void operatorImportsAFileWithProgressAndRunsTheBackfillToOneHundredPercent() throws IOException {
		this.browser.open("#/operator");
		this.browser.await(By.id("admin-key"));
		this.browser.assertAccessible("the admin key form");

		// a wrong key is refused with the service's own words: the problem's detail
		this.browser.driver().findElement(By.id("admin-key")).sendKeys("not-the-key", Keys.ENTER);
		assertThat(this.browser.await(By.cssSelector(".key-form .notice.error")).getText())
			.contains(problemDetail("/actuator/embeddings", "not-the-key"));
		this.browser.assertNoConsoleErrorsExcept("the admin key form", (e) -> e.contains("status of 401"));

		this.browser.driver().findElement(By.id("admin-key")).clear();
		this.browser.driver().findElement(By.id("admin-key")).sendKeys("test-admin-key", Keys.ENTER);
		this.browser.await(By.id("import-file"));
		assertThat((String) this.browser.script("return sessionStorage.getItem('movies.adminKey')"))
			.isEqualTo("test-admin-key");
		assertThat((String) this.browser.script("return localStorage.getItem('movies.adminKey')")).isNull();

		// the sample catalogue and two records the service must reject one by one
		String sample = new ClassPathResource("catalog/sample-movies.json").getContentAsString(StandardCharsets.UTF_8);
		String withBadRecords = sample.strip()
			.replaceFirst("]$",
					", {\"external_id\": 990001, \"title\": \"   \"}, {\"external_id\": 990002, \"title\": \"Bad year\", \"year\": 1200}]");
		Path file = Files.createDirectories(Path.of("target", "browser-tests")).resolve("catalogue.json");
		Files.writeString(file, withBadRecords);
		this.browser.driver().findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
		this.browser.click(this.browser.driver().findElement(By.xpath("//button[normalize-space()='Import']")));

		this.browser.await(By.cssSelector("table.rejected"));
		assertThat(stat(".import-result", "Received")).isEqualTo("278");
		assertThat(stat(".import-result", "Inserted")).isEqualTo("276");
		assertThat(stat(".import-result", "Rejected")).isEqualTo("2");
		List<WebElement> rejected = this.browser.driver().findElements(By.cssSelector("table.rejected tbody tr"));
		assertThat(rejected).hasSize(2);
		assertThat(rejected.get(0).getText()).contains("990001");
		WebElement upload = this.browser.driver().findElement(By.cssSelector("[aria-label='Upload progress']"));
		assertThat(upload.getAttribute("aria-valuenow")).isEqualTo("100");

		this.browser.click(this.browser.driver().findElement(By.xpath("//button[normalize-space()='Start backfill']")));
		WebElement backfill = this.browser.driver().findElement(By.cssSelector("[aria-label='Backfill progress']"));
		this.browser.await(Duration.ofMinutes(5)).until((d) -> "100".equals(backfill.getAttribute("aria-valuenow")));
		this.browser.awaitText(By.cssSelector(".state"), "completed");
		assertThat(backfill.findElement(By.xpath("..")).getText()).contains("276 of 276 movies · 100%");
		assertThat(stat(".operator", "Embedded")).isEqualTo("276");
		assertThat(this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).isEqualTo(276);
		this.browser.awaitAll(By.cssSelector(".operator table.table tbody tr"));

		this.browser.assertAccessible("the operator page");
		this.browser.assertNoConsoleErrors("the operator page");
		this.browser.screenshot("operator-desktop");
	}

	@Test
	@Order(2)
	void searchForgivesATypoAndOpensTheMovie() {
		this.browser.open("#/");
		this.browser.awaitAll(By.cssSelector("ul[aria-label='Trending movies'] .card"));
		this.browser.awaitAll(By.cssSelector("ul[aria-label='Top rated movies'] .card"));
		assertThat(this.browser.awaitAll(By.cssSelector("ul[aria-label='Genres'] .chip"))).hasSizeGreaterThan(10);
		this.browser.assertAccessible("the home page");
		this.browser.screenshot("home-desktop");

		WebElement search = this.browser.driver().findElement(By.id("search-input"));
		search.sendKeys("godfater");
		this.browser.awaitText(By.id("search-results"), "The Godfather");
		assertThat(search.getAttribute("aria-expanded")).isEqualTo("true");
		this.browser.screenshot("search-desktop");
		search.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
		assertThat(this.browser.await(By.id("movie-title")).getText()).isEqualTo("The Godfather");
		this.browser.assertNoConsoleErrors("the home page and its search");
	}

	@Test
	@Order(3)
	void moviePageShowsEveryFieldAndSimilarMoviesWithBarsAndReasons() {
		this.browser.await(By.id("movie-title"));
		String facts = this.browser.driver().findElement(By.cssSelector(".facts")).getText();
		assertThat(facts).contains("1972", "9.2 / 10", "175 minutes", "English", "tt0068646");
		assertThat(this.browser.driver().findElement(By.cssSelector(".cast")).getText()).contains("Marlon Brando");
		assertThat(this.browser.driver().findElement(By.cssSelector(".torrents")).getText()).isNotBlank();
		assertThat(this.browser.driver().findElement(By.cssSelector(".movie .poster.placeholder")).isDisplayed())
			.isTrue();

		List<WebElement> results = this.browser.awaitAll(By.cssSelector(".similar .result"));
		assertThat(results).hasSize(12);
		assertThat(results.get(0).findElement(By.cssSelector(".result-title")).getText())
			.startsWith("The Godfather Part");
		for (WebElement result : results.subList(0, 3)) {
			assertThat(result.findElements(By.cssSelector(".reasons li"))).as("reasons of %s", result.getText())
				.isNotEmpty();
			assertThat(
					Integer.parseInt(result.findElement(By.cssSelector("[role=meter]")).getAttribute("aria-valuenow")))
				.isBetween(1, 100);
		}
		assertThat(results.get(0).getText()).containsPattern("Shares .*Crime|Also stars|Close to");
		this.browser.assertAccessible("a movie page");
		this.browser.screenshot("movie-desktop");
		this.browser.script("document.getElementById('similar-heading').scrollIntoView()");
		this.browser.screenshot("similar-desktop");
		this.browser.script("window.scrollTo(0, 0)");

		// another metric and a filter reload the list, and the filter holds
		new Select(this.browser.driver().findElement(By.cssSelector(".similar select[name=distance_metric]")))
			.selectByValue("l2");
		new Select(this.browser.driver().findElement(By.cssSelector(".similar select[name=min_rating]")))
			.selectByValue("8.5");
		this.browser.await(Duration.ofSeconds(30)).until((d) -> {
			List<WebElement> now = d.findElements(By.cssSelector(".similar .result-meta"));
			return !now.isEmpty() && now.stream().allMatch((m) -> rating(m.getText()) >= 8.5);
		});
		WebElement diversity = this.browser.driver().findElement(By.cssSelector(".similar input[name=diversity]"));
		diversity.sendKeys(Keys.END);
		this.browser.awaitText(By.cssSelector(".similar output"), "1.0");
		this.browser.awaitAll(By.cssSelector(".similar .result"));
		this.browser.assertNoConsoleErrors("a movie page");
	}

	@Test
	@Order(4)
	void likesAndDislikesFillTheBasketThatDrivesRecommendations() {
		this.browser.open("#/movie/" + idOf("The Godfather"));
		this.browser.click(this.browser.await(By.cssSelector(".movie-actions .taste-button.like")));
		this.browser.awaitText(By.id("taste-count"), "1");
		WebElement firstResult = this.browser.awaitAll(By.cssSelector(".similar .result")).get(0);
		String disliked = firstResult.findElement(By.cssSelector(".result-title")).getText();
		this.browser.click(firstResult.findElement(By.cssSelector(".taste-button.dislike")));
		this.browser.awaitText(By.id("taste-count"), "2");
		assertThat(firstResult.findElement(By.cssSelector(".taste-button.dislike")).getAttribute("aria-pressed"))
			.isEqualTo("true");

		this.browser.open("#/");
		WebElement card = this.browser.awaitAll(By.cssSelector("ul[aria-label='Top rated movies'] .card"))
			.stream()
			.filter((c) -> c.getText().contains("Inception"))
			.findFirst()
			.orElseThrow();
		this.browser.click(card.findElement(By.cssSelector(".taste-button.like")));
		this.browser.awaitText(By.id("taste-count"), "3");

		this.browser.driver().navigate().refresh();
		this.browser.open("#/taste");
		assertThat(this.browser.awaitText(By.cssSelector(".basket.liked"), "Inception").getText())
			.contains("The Godfather");
		assertThat(this.browser.driver().findElement(By.cssSelector(".basket.disliked")).getText()).contains(disliked);
		List<WebElement> results = this.browser.awaitAll(By.cssSelector(".results .result"));
		assertThat(results).isNotEmpty();
		List<String> titles = results.stream()
			.map((r) -> r.findElement(By.cssSelector(".result-title")).getText())
			.toList();
		assertThat(titles).doesNotContain("The Godfather", "Inception", disliked);
		assertThat(this.browser.driver().findElements(By.cssSelector(".results .reasons li"))).isNotEmpty();
		this.browser.assertAccessible("the taste page");
		this.browser.screenshot("taste-desktop");
		this.browser.assertNoConsoleErrors("the taste page");
	}

	@Test
	@Order(5)
	void describingAMovieFindsItByMeaning() {
		this.browser.open("#/describe");
		WebElement text = this.browser.await(By.id("describe-text"));
		this.browser.assertAccessible("the describe page");
		text.sendKeys("a thief who steals secrets by entering dreams");
		this.browser.click(this.browser.driver().findElement(By.xpath("//button[normalize-space()='Recommend']")));
		List<WebElement> results = this.browser.awaitAll(By.cssSelector(".results .result-title"));
		assertThat(results.subList(0, 3).stream().map(WebElement::getText)).contains("Inception");
		this.browser.screenshot("describe-desktop");
		this.browser.assertNoConsoleErrors("the describe page");
	}

	@Test
	@Order(6)
	void mapDrawsEveryMovieAndAClickedPointShowsItsNeighbours() throws InterruptedException {
		long inception = idOf("Inception");
		awaitMapOf(276);
		this.browser.open("#/map");
		WebElement canvas = this.browser.await(By.cssSelector("canvas.map-canvas[data-drawn-ms]"));
		assertThat(this.browser.driver().findElement(By.cssSelector(".map-side")).getText()).contains("276 movies");
		assertThat(this.browser.driver().findElements(By.cssSelector(".legend-item"))).hasSizeGreaterThan(5);

		// the dot's place in the window, with the window scrolled so the dot is in view
		@SuppressWarnings("unchecked")
		Map<String, Number> point = (Map<String, Number>) this.browser.script("""
				const canvas = arguments[0];
				const position = canvas.positionOf(arguments[1]);
				window.scrollBy(0, canvas.getBoundingClientRect().top + position.y - window.innerHeight / 2);
				const rect = canvas.getBoundingClientRect();
				return { x: rect.left + position.x, y: rect.top + position.y };
				""", canvas, inception);
		new Actions(this.browser.driver())
			.moveToLocation((int) Math.round(point.get("x").doubleValue()),
					(int) Math.round(point.get("y").doubleValue()))
			.perform();
		assertThat(this.browser.awaitText(By.cssSelector(".map-tooltip"), "Inception").getText())
			.isEqualTo("Inception (2010)");
		new Actions(this.browser.driver()).click().perform();
		List<WebElement> neighbours = this.browser.awaitAll(By.cssSelector(".map-selection .neighbours li"));
		assertThat(neighbours).hasSize(10);
		assertThat(this.browser.driver().findElement(By.cssSelector(".map-selection")).getText())
			.contains("Inception (2010)");
		this.browser.assertAccessible("the map");
		this.browser.screenshot("map-desktop");

		this.browser.click(this.browser.driver().findElement(By.cssSelector(".map-selection a.button")));
		assertThat(this.browser.await(By.id("movie-title")).getText()).isEqualTo("Inception");
		this.browser.assertNoConsoleErrors("the map");
	}

	@Test
	@Order(7)
	void apiErrorsShowAsReadableMessages() throws InterruptedException {
		this.browser.open("#/movie/999999");
		assertThat(this.browser.await(By.cssSelector(".notice.error")).getText())
			.contains(problemDetail("/api/movies/999999", null));
		this.browser.assertAccessible("a missing movie");
		this.browser.assertNoConsoleErrorsExcept("a missing movie", (e) -> e.contains("status of 404"));

		// years in the wrong order, set before the text so that only the button sends a
		// request
		this.browser.open("#/describe");
		WebElement text = this.browser.await(By.id("describe-text"));
		this.browser.driver().findElement(By.cssSelector("input[name=min_year]")).sendKeys("1990");
		this.browser.driver().findElement(By.cssSelector("input[name=max_year]")).sendKeys("1950");
		Thread.sleep(500);
		text.sendKeys("dreams");
		this.browser.click(this.browser.driver().findElement(By.xpath("//button[normalize-space()='Recommend']")));
		WebElement error = this.browser.await(By.cssSelector(".results-area .notice"));
		assertThat(error.getText()).contains(
				problemDetail("/api/recommendations/text?text=dreams&limit=12&min_year=1990&max_year=1950", null));
		// the console reports a refused request a moment after the page shows it: wait
		// past the filters' debounce so that every 400 of this step is read here, not by
		// the next test
		Thread.sleep(1000);
		this.browser.assertNoConsoleErrorsExcept("a refused description", (e) -> e.contains("status of 400"));
	}

	@Test
	@Order(8)
	void everyPageFitsAPhoneScreen() {
		this.browser.resize(Browser.PHONE);
		try {
			Map<String, By> pages = new java.util.LinkedHashMap<>();
			pages.put("home", By.cssSelector("ul[aria-label='Trending movies'] .card"));
			pages.put("movie/" + idOf("Inception"), By.cssSelector(".similar .result"));
			pages.put("describe", By.id("describe-text"));
			pages.put("taste", By.cssSelector(".results .result"));
			pages.put("map", By.cssSelector("canvas.map-canvas[data-drawn-ms]"));
			pages.put("operator", By.cssSelector(".operator .state"));
			for (Map.Entry<String, By> page : pages.entrySet()) {
				this.browser.open("#/" + (page.getKey().equals("home") ? "" : page.getKey()));
				this.browser.await(page.getValue());
				long overflow = ((Number) this.browser
					.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
					.longValue();
				assertThat(overflow).as("horizontal overflow of %s at phone width", page.getKey())
					.isLessThanOrEqualTo(0);
				this.browser.assertAccessible(page.getKey() + " at phone width");
				this.browser.assertNoConsoleErrors(page.getKey() + " at phone width");
				this.browser.screenshot(page.getKey().replaceAll("/\\d+$", "") + "-phone");
			}
		}
		finally {
			this.browser.resize(Browser.DESKTOP);
		}
	}

	private String stat(String scope, String label) {
		return this.browser.driver()
			.findElement(By
				.xpath("//*[contains(@class,'" + scope.substring(1) + "')]//div[@class='stat'][dt='" + label + "']/dd"))
			.getText();
	}

	/**
	 * What the API itself says to this request: the page must show it, not a message of
	 * its own.
	 */
	private String problemDetail(String path, String adminKey) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
			if (adminKey != null) {
				request.header("Authorization", "Bearer " + adminKey);
			}
			String body = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
			String detail = this.json.readTree(body).get("detail").asString();
			assertThat(detail).isNotBlank();
			return detail;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until the service's map is this catalogue's: the application context is
	 * shared with other test classes, and until it has recomputed the map the service
	 * serves the one it drew of an earlier test's catalogue ("a newer map is being
	 * computed").
	 */
	private void awaitMapOf(int movies) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		HttpClient http = HttpClient.newHttpClient();
		while (true) {
			try {
				HttpResponse<String> answer = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/map")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (answer.statusCode() == 200) {
					JsonNode map = this.json.readTree(answer.body());
					if ("ready".equals(map.get("status").asString()) && map.get("count").asInt() == movies) {
						return;
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			assertThat(System.nanoTime()).as("map of %d movies within 30 s", movies).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private long idOf(String title) {
		return this.jdbc.sql("SELECT id FROM movies WHERE title = :title")
			.param("title", title)
			.query(Long.class)
			.single();
	}

	private static double rating(String meta) {
		Matcher matcher = RATING.matcher(meta);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
	}

}
