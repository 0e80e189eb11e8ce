package dev.movies.movie;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NdjsonLinesTests {

	@Test
	void splitsOnLineFeedsAndDropsCarriageReturns() {
		assertThat(lines("{\"a\":1}\r\n{\"b\":2}\n\n{\"c\":3}", 100, 1000)).containsExactly("{\"a\":1}", "{\"b\":2}",
				"", "{\"c\":3}");
	}

	@Test
	void keepsMultiByteCharactersWhole() {
		assertThat(lines("{\"t\":\"Amélie\"}\n{\"t\":\"千と千尋\"}\n", 100, 1000)).containsExactly("{\"t\":\"Amélie\"}",
				"{\"t\":\"千と千尋\"}");
	}

	@Test
	void aLineOverTheRecordLimitIsFlaggedAndTheNextOneReadNormally() {
		NdjsonLines lines = reader("x".repeat(50) + "\nshort\n", 10, 1000);

		assertThat(lines.next()).isTrue();
		assertThat(lines.tooLong()).isTrue();
		assertThat(lines.isBlank()).isFalse();
		assertThat(lines.next()).isTrue();
		assertThat(lines.tooLong()).isFalse();
		assertThat(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8)).isEqualTo("short");
		assertThat(lines.next()).isFalse();
	}

	@Test
	void aStreamOverItsLimitStopsWith413() {
		NdjsonLines lines = reader("line\n".repeat(100), 100, 50);

		assertThatExceptionOfType(ImportTooLargeException.class).isThrownBy(() -> {
			while (lines.next()) {
				// read on
			}
		});
	}

	private static List<String> lines(String text, int maxLine, int maxTotal) {
		NdjsonLines lines = reader(text, maxLine, maxTotal);
		List<String> result = new ArrayList<>();
		while (lines.next()) {
			result.add(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
		}
		return result;
	}

	private static NdjsonLines reader(String text, int maxLine, int maxTotal) {
		return new NdjsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLine, maxTotal);
	}

}
