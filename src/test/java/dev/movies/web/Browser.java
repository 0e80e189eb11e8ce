package dev.movies.web;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/install-browser.sh} installs) driven by Selenium, with the checks every page
 * gets: no console errors and no serious or critical axe-core violations.
 * <p>
 * A missing browser fails the tests instead of skipping them: CI must never pass without
 * having run them.
 */
final class Browser implements AutoCloseable {

	static final Dimension DESKTOP = new Dimension(1366, 900);

	static final Dimension PHONE = new Dimension(390, 844);

	private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

	private final ChromeDriver driver;

	private final Path profile;

	private final String baseUrl;

	private final Path screenshots;

	Browser(String baseUrl, Path screenshots) {
		this.baseUrl = baseUrl;
		this.screenshots = screenshots;
		Path chromium = executable("chromium");
		Path chromedriver = executable("chromedriver");
		try {
			this.profile = Files.createTempDirectory("movies-chromium-");
			Files.createDirectories(screenshots);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		// Without the background-networking flags Chromium keeps calling home on a closed
		// network.
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + this.profile,
				"--window-size=" + DESKTOP.width + "," + DESKTOP.height);
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		// The system driver, given explicitly: Selenium Manager would try to download
		// one.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
	}

	/** Finds a program on the PATH or fails the test, saying how to install it. */
	static Path executable(String name) {
		String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return fail("'%s' is not installed: the browser tests need Debian's chromium and chromium-driver "
				+ "(run: bash .ci/install-browser.sh)", name);
	}

	WebDriver driver() {
		return this.driver;
	}

	void open(String hashRoute) {
		this.driver.get(this.baseUrl + "/" + hashRoute);
	}

	WebElement await(By locator) {
		return await(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	List<WebElement> awaitAll(By locator) {
		return await(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfAllElementsLocatedBy(locator));
	}

	WebElement awaitText(By locator, String text) {
		await(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
		return this.driver.findElement(locator);
	}

	WebDriverWait await(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(this.driver, timeout, Duration.ofMillis(100));
		wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		return wait;
	}

	/**
	 * Clicks an element after scrolling it to the middle of the window, clear of the
	 * sticky header.
	 */
	void click(WebElement element) {
		script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
		element.click();
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/** The console's errors since the last call (reading the log empties it). */
	List<String> consoleErrors() {
		List<String> errors = new ArrayList<>();
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				errors.add(entry.getMessage());
			}
		}
		return errors;
	}

	void assertNoConsoleErrors(String page) {
		assertThat(consoleErrors()).as("console errors on %s", page).isEmpty();
	}

	/**
	 * Console errors, except those the predicate expects (e.g. the 401 of a wrong key).
	 */
	void assertNoConsoleErrorsExcept(String page, Predicate<String> expected) {
		assertThat(consoleErrors().stream().filter(expected.negate()).toList()).as("console errors on %s", page)
			.isEmpty();
	}

	/**
	 * Runs axe-core, injected from its WebJar on the test classpath (no network), on the
	 * page as it is now and asserts no serious or critical violation.
	 */
	@SuppressWarnings("unchecked")
	void assertAccessible(String page) {
		if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object'"))) {
			script(axeSource());
		}
		List<Map<String, Object>> violations = (List<Map<String, Object>>) ((JavascriptExecutor) this.driver)
			.executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					axe.run(document, { resultTypes: ['violations'] })
					  .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
					    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
					      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary) }))))
					  .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
					""");
		assertThat(violations).as("serious or critical accessibility violations on %s", page).isEmpty();
	}

	private static String axeSource() {
		try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(AXE)) {
			if (in == null) {
				throw new IllegalStateException("axe-core is not on the test classpath: " + AXE);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void resize(Dimension size) {
		this.driver.manage().window().setSize(size);
	}

	/** Saves what the window shows as {@code <name>.png} in the screenshot folder. */
	Path screenshot(String name) {
		Path target = this.screenshots.resolve(name + ".png");
		try {
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return target;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
			catch (IOException ex) {
				// a leftover temporary profile is harmless
			}
		}
	}

}
