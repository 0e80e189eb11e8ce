package dev.movies.embedding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaApiTests {

	@Test
	void hostsWithoutSchemeOrWithATrailingSlashBecomeBaseUrls() {
		assertThat(OllamaApi.baseUrl("ollama:11434")).isEqualTo("http://ollama:11434");
		assertThat(OllamaApi.baseUrl("https://ollama.example/")).isEqualTo("https://ollama.example");
	}

}
