package dev.movies.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import dev.movies.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
class HomeControllerTests {

	@Autowired
	private MockMvc mvc;

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/json", "application/json, text/html",
			"text/html;q=0.5, application/json", "application/*", "text/plain", "garbage;;q=" })
	void jsonClientsGetTheOriginalRoot(String accept) throws Exception {
		this.mvc.perform(get("/").header(HttpHeaders.ACCEPT, accept))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect((r) -> assertThat(String.join(",", r.getResponse().getHeaders(HttpHeaders.VARY)))
				.contains("Accept"))
			.andExpect(jsonPath("$.name").value(HomeController.NAME))
			.andExpect(jsonPath("$.version").isString())
			.andExpect(jsonPath("$.docs").value("/docs"))
			.andExpect(jsonPath("$.health").value("/health"));
	}

	@Test
	void aRequestWithoutAcceptGetsJsonAsABareCurlDid() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.docs").value("/docs"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
			"text/html", "application/xhtml+xml", "text/html, application/json" })
	void browsersGetThePage(String accept) throws Exception {
		String page = this.mvc.perform(get("/").header(HttpHeaders.ACCEPT, accept))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect((r) -> assertThat(String.join(",", r.getResponse().getHeaders(HttpHeaders.VARY)))
				.contains("Accept"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<title>Movie Recommender</title>", "/app/app.js", "/styles.css");
	}

	@Test
	void thePageLoadsNothingFromAnotherHost() throws Exception {
		String page = this.mvc.perform(get("/").accept(MediaType.TEXT_HTML))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
	}

}
