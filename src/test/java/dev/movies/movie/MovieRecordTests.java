package dev.movies.movie;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MovieRecordTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "2015-11-01 10:00:00|2015-11-01T10:00Z", "2015-11-01T10:00:00Z|2015-11-01T10:00Z",
					"2015-11-01T12:00:00+02:00|2015-11-01T10:00Z", "2015-11-01T10:00:00|2015-11-01T10:00Z",
					"2015-11-01|2015-11-01T00:00Z" })
	void readsYtsAndIsoUploadDates(String given, String expected) {
		assertThat(record(1L, null, "Heat", given, null).toMovie().dateUploaded().toInstant())
			.isEqualTo(OffsetDateTime.parse(expected).toInstant());
	}

	@Test
	void unixUploadTimeWinsOverTheLocalTimeText() {
		assertThat(record(1L, null, "Heat", "2015-11-01 11:00:00", 1446372000L).toMovie().dateUploaded())
			.isEqualTo(OffsetDateTime.of(2015, 11, 1, 10, 0, 0, 0, ZoneOffset.UTC));
	}

	@Test
	void ytsIdIsTheExternalIdWhenNoneIsGiven() {
		assertThat(record(null, 15553L, "Heat", null, null).toMovie().externalId()).isEqualTo(15553L);
		assertThat(new MovieRecord(7L, 8L, null, "Heat", null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null)
			.toMovie()
			.externalId()).isEqualTo(8L);
	}

	@Test
	void blankTextBecomesNullAndTextIsTrimmed() {
		Movie movie = new MovieRecord(null, 1L, "  ", "  Heat ", "", 1995, new BigDecimal("8.26"), 170, null, null,
				"Intro from YTS summary", null, null, null, null, null, null, null, null, null, null, null, null)
			.toMovie();

		assertThat(movie.title()).isEqualTo("Heat");
		assertThat(movie.imdbCode()).isNull();
		assertThat(movie.titleEnglish()).isNull();
		assertThat(movie.rating()).isEqualTo(8.3);
		assertThat(movie.descriptionIntro()).isEqualTo("Intro from YTS summary");
		assertThat(movie.likeCount()).isZero();
		assertThat(movie.genres()).isEmpty();
	}

	@Test
	void textWithNulCharactersIsRejected() {
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> record(1L, null, "He\u0000at", null, null).toMovie())
			.withMessageContaining("title must not contain NUL");
	}

	@Test
	void countsBeyondTheColumnRangeAreRejected() {
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> new MovieRecord(null, 1L, null, "Heat", null, null, null, null, List.of(), null, null,
					null, null, 3_000_000_000L, null, null, null, null, null, null, null, null, null)
				.toMovie())
			.withMessageContaining("like_count must be between 0 and 2147483647");
	}

	private static MovieRecord record(Long externalId, Long ytsId, String title, String uploaded, Long uploadedUnix) {
		return new MovieRecord(ytsId, externalId, null, title, null, 2000, null, null, List.of("Drama"), null, null,
				null, null, null, null, uploaded, uploadedUnix, null, null, null, null, null, null);
	}

}
