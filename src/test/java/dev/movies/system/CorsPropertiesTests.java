package dev.movies.system;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CorsPropertiesTests {

	@Test
	void originsAreTrimmedAndBlanksDropped() {
		CorsProperties cors = new CorsProperties(List.of(" https://a.example", "", "https://b.example "),
				Duration.ofMinutes(30));

		assertThat(cors.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
		assertThat(cors.enabled()).isTrue();
	}

	@Test
	void offWhenNoOriginIsNamed() {
		assertThat(new CorsProperties(List.of(), Duration.ofMinutes(30)).enabled()).isFalse();
		assertThat(new CorsProperties(List.of(" "), Duration.ofMinutes(30)).enabled()).isFalse();
	}

}
