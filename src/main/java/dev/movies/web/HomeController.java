package dev.movies.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.movies.MovieRecommenderApplication;

/**
 * {@code GET /}: the web page for browsers, the original API's JSON root for every other
 * client.
 * <p>
 * A single handler decides instead of two {@code produces} variants, because
 * {@code Accept: *}{@code /*} (curl, Python requests) would match both equally: the
 * original's clients got JSON from a bare {@code curl /}, so only a client that names
 * {@code text/html} explicitly, at least as high as JSON, gets the page. Browsers send
 * {@code text/html} first.
 */
@RestController
class HomeController {

	static final String NAME = "Movie Recommender API";

	private static final Resource PAGE = new ClassPathResource("static/index.html");

	private static final MediaType XHTML = MediaType.parseMediaType("application/xhtml+xml");

	private final String version;

	HomeController() {
		String implementationVersion = MovieRecommenderApplication.class.getPackage().getImplementationVersion();
		this.version = (implementationVersion != null) ? implementationVersion : "dev";
	}

	@GetMapping("/")
	ResponseEntity<?> home(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		// Vary: the same URL answers differently by Accept, so caches must keep both.
		if (wantsHtml(accept)) {
			return ResponseEntity.ok()
				.header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
				.cacheControl(CacheControl.noCache())
				.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.body(PAGE);
		}
		Map<String, String> root = new LinkedHashMap<>();
		root.put("name", NAME);
		root.put("version", this.version);
		root.put("docs", "/docs");
		root.put("health", "/health");
		return ResponseEntity.ok()
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
			.contentType(MediaType.APPLICATION_JSON)
			.body(root);
	}

	/** True when the client names HTML explicitly and ranks it no lower than JSON. */
	static boolean wantsHtml(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		double html = 0;
		double json = 0;
		for (MediaType type : types) {
			if (type.equalsTypeAndSubtype(MediaType.TEXT_HTML) || type.equalsTypeAndSubtype(XHTML)) {
				html = Math.max(html, type.getQualityValue());
			}
			else if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
				json = Math.max(json, type.getQualityValue());
			}
		}
		return html > 0 && html >= json && !(html == json && jsonListedFirst(types));
	}

	private static boolean jsonListedFirst(List<MediaType> types) {
		for (MediaType type : types) {
			if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
				return true;
			}
			if (type.equalsTypeAndSubtype(MediaType.TEXT_HTML) || type.equalsTypeAndSubtype(XHTML)) {
				return false;
			}
		}
		return false;
	}

}
