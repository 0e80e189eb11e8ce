package dev.movies.movie;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One movie as an import sends it: the Movie JSON shape plus the YTS quirks ({@code id}
 * as the external id, {@code summary}, {@code date_uploaded} as
 * {@code "2015-11-01 10:00:00"} and {@code date_uploaded_unix}); its YTS torrents are
 * kept. Unknown fields (slugs, ...) are ignored. {@link #toMovie()} validates and
 * normalises it. Over 250 lines because every field's rule stands beside the field, in
 * the table's own terms: split, the rules would drift from the columns they mirror.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record MovieRecord(Long id, Long externalId, String imdbCode, String title, String titleEnglish, Integer year,
		BigDecimal rating, Integer runtime, List<String> genres, String descriptionIntro, String summary,
		String descriptionFull, String language, Long likeCount, Long downloadCount, String dateUploaded,
		Long dateUploadedUnix, String smallCoverImage, String mediumCoverImage, String largeCoverImage,
		String ytTrailerCode, List<CastMember> cast, List<Torrent> torrents) {

	static final int MIN_YEAR = 1870;

	static final int MAX_YEAR = 2100;

	private static final BigDecimal MAX_RATING = BigDecimal.TEN;

	private static final long MIN_UNIX_SECONDS = LocalDate.of(MIN_YEAR, 1, 1)
		.atStartOfDay()
		.toEpochSecond(ZoneOffset.UTC);

	private static final long MAX_UNIX_SECONDS = LocalDate.of(MAX_YEAR + 1, 1, 1)
		.atStartOfDay()
		.toEpochSecond(ZoneOffset.UTC) - 1;

	private static final Pattern TORRENT_URL = Pattern.compile("(https?://|magnet:\\?)");

	private static final DateTimeFormatter YTS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

	/**
	 * The external id this record is keyed by: {@code external_id}, else the YTS
	 * {@code id}.
	 */
	Long key() {
		return this.externalId != null ? this.externalId : this.id;
	}

	/**
	 * The record as a catalogue movie (without id), or a {@link RejectedRecordException}
	 * listing every problem found. The rules mirror the table's checks, so a valid record
	 * never fails in the database.
	 */
	Movie toMovie() {
		Problems problems = new Problems();
		Long key = key();
		if (key == null) {
			problems.add("external_id is required");
		}
		else if (key <= 0) {
			problems.add("external_id must be positive, got " + key);
		}
		String title = problems.text("title", this.title);
		if (title == null) {
			problems.add("title is required");
		}
		if (this.year != null && (this.year < MIN_YEAR || this.year > MAX_YEAR)) {
			problems.add("year must be between %d and %d, got %d".formatted(MIN_YEAR, MAX_YEAR, this.year));
		}
		// range first: setScale on 1e999999999 would build a billion-digit number
		BigDecimal rating = null;
		if (this.rating != null && (this.rating.signum() < 0 || this.rating.compareTo(MAX_RATING) > 0)) {
			problems.add("rating must be between 0 and 10, got " + abbreviate(this.rating.toString()));
		}
		else if (this.rating != null) {
			rating = this.rating.setScale(1, RoundingMode.HALF_UP);
		}
		if (this.runtime != null && this.runtime < 0) {
			problems.add("runtime must be >= 0, got " + this.runtime);
		}
		int likes = problems.count("like_count", this.likeCount);
		int downloads = problems.count("download_count", this.downloadCount);
		OffsetDateTime uploaded = problems.uploaded(this.dateUploaded, this.dateUploadedUnix);
		List<String> genres = problems.genres(this.genres);
		List<CastMember> cast = problems.cast(this.cast);
		String intro = problems.text("description_intro", this.descriptionIntro);
		Movie movie = new Movie(null, key, problems.text("imdb_code", this.imdbCode), title,
				problems.text("title_english", this.titleEnglish), this.year,
				rating == null ? null : rating.doubleValue(), this.runtime, genres,
				intro != null ? intro : problems.text("summary", this.summary),
				problems.text("description_full", this.descriptionFull), problems.text("language", this.language),
				likes, downloads, uploaded, problems.text("small_cover_image", this.smallCoverImage),
				problems.text("medium_cover_image", this.mediumCoverImage),
				problems.text("large_cover_image", this.largeCoverImage),
				problems.text("yt_trailer_code", this.ytTrailerCode), cast, problems.torrents(this.torrents));
		if (!problems.isEmpty()) {
			throw new RejectedRecordException(String.join("; ", problems.messages));
		}
		return movie;
	}

	/** At most 40 characters, cut between code points (never inside a surrogate pair). */
	private static String abbreviate(String text) {
		if (text.codePointCount(0, text.length()) <= 40) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, 37)) + "...";
	}

	/** Collects every problem of one record, so the answer names them all at once. */
	private static final class Problems {

		private final List<String> messages = new ArrayList<>();

		void add(String message) {
			this.messages.add(message);
		}

		boolean isEmpty() {
			return this.messages.isEmpty();
		}

		/**
		 * Trimmed text, blank as {@code null}; PostgreSQL text cannot hold NUL
		 * characters.
		 */
		String text(String field, String value) {
			if (value == null || value.isBlank()) {
				return null;
			}
			if (value.indexOf('\u0000') >= 0) {
				add(field + " must not contain NUL characters");
				return null;
			}
			return value.strip();
		}

		int count(String field, Long value) {
			if (value == null) {
				return 0;
			}
			if (value < 0 || value > Integer.MAX_VALUE) {
				add("%s must be between 0 and %d, got %d".formatted(field, Integer.MAX_VALUE, value));
				return 0;
			}
			return value.intValue();
		}

		/**
		 * Trimmed, blanks dropped, each genre once (case-insensitively), in the given
		 * order.
		 */
		List<String> genres(List<String> genres) {
			if (genres == null) {
				return List.of();
			}
			List<String> result = new ArrayList<>(genres.size());
			Set<String> seen = new HashSet<>();
			for (String genre : genres) {
				String name = text("genres", genre);
				if (name != null && seen.add(name.toLowerCase(Locale.ROOT))) {
					result.add(name);
				}
			}
			return result;
		}

		/**
		 * Torrents as given; a null entry is a mistake, text may not hold NUL characters.
		 */
		List<Torrent> torrents(List<Torrent> torrents) {
			if (torrents == null) {
				return List.of();
			}
			List<Torrent> result = new ArrayList<>(torrents.size());
			for (int i = 0; i < torrents.size(); i++) {
				Torrent torrent = torrents.get(i);
				if (torrent == null) {
					add("torrents[%d] must be an object".formatted(i));
				}
				else if (torrent.toString().indexOf('\u0000') >= 0) {
					add("torrents[%d] must not contain NUL characters".formatted(i));
				}
				else if (torrentValid(i, torrent)) {
					result.add(torrent);
				}
			}
			return result;
		}

		/**
		 * Counts are never negative; a link is one a client may follow: http(s) or a
		 * magnet, not {@code javascript:}.
		 */
		private boolean torrentValid(int index, Torrent torrent) {
			int before = this.messages.size();
			nonNegative("torrents[%d].seeds".formatted(index), torrent.seeds());
			nonNegative("torrents[%d].peers".formatted(index), torrent.peers());
			nonNegative("torrents[%d].size_bytes".formatted(index), torrent.sizeBytes());
			String url = (torrent.url() == null) ? "" : torrent.url().strip().toLowerCase(Locale.ROOT);
			if (!url.isEmpty() && !TORRENT_URL.matcher(url).lookingAt()) {
				add("torrents[%d].url must be an http, https or magnet URL, got '%s'".formatted(index,
						abbreviate(torrent.url())));
			}
			return this.messages.size() == before;
		}

		private void nonNegative(String field, Number value) {
			if (value != null && value.longValue() < 0) {
				add("%s must be >= 0, got %s".formatted(field, value));
			}
		}

		List<CastMember> cast(List<CastMember> cast) {
			if (cast == null) {
				return List.of();
			}
			List<CastMember> result = new ArrayList<>(cast.size());
			for (int i = 0; i < cast.size(); i++) {
				CastMember member = cast.get(i);
				String name = (member != null) ? text("cast[%d].name".formatted(i), member.name()) : null;
				if (name == null) {
					add("cast[%d].name is required".formatted(i));
					continue;
				}
				result.add(new CastMember(name, text("cast.character_name", member.characterName()),
						text("cast.imdb_code", member.imdbCode()),
						text("cast.url_small_image", member.urlSmallImage())));
			}
			return result;
		}

		/**
		 * The Unix timestamp when given (it carries no time-zone doubt), else
		 * {@code date_uploaded} as YTS writes it ({@code 2015-11-01 10:00:00}, taken as
		 * UTC) or as ISO-8601.
		 */
		OffsetDateTime uploaded(String text, Long unixSeconds) {
			OffsetDateTime uploaded = null;
			if (unixSeconds != null) {
				if (unixSeconds < MIN_UNIX_SECONDS || unixSeconds > MAX_UNIX_SECONDS) {
					add("date_uploaded_unix must be between %d and %d (years %d to %d), got %d"
						.formatted(MIN_UNIX_SECONDS, MAX_UNIX_SECONDS, MIN_YEAR, MAX_YEAR, unixSeconds));
					return null;
				}
				uploaded = Instant.ofEpochSecond(unixSeconds).atOffset(ZoneOffset.UTC);
			}
			else if (text != null && !text.isBlank()) {
				uploaded = parseDate(text.strip());
				if (uploaded == null) {
					add("date_uploaded must be 'yyyy-MM-dd HH:mm:ss' or ISO-8601, got '%s'".formatted(text));
				}
			}
			if (uploaded != null && (uploaded.getYear() < MIN_YEAR || uploaded.getYear() > MAX_YEAR)) {
				add("date_uploaded must be between %d and %d, got %s".formatted(MIN_YEAR, MAX_YEAR, uploaded));
				return null;
			}
			return uploaded;
		}

		private static OffsetDateTime parseDate(String text) {
			try {
				if (text.length() == 10) {
					return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
				}
				if (text.charAt(10) == ' ') {
					return LocalDateTime.parse(text, YTS_DATE).atOffset(ZoneOffset.UTC);
				}
				return DateTimeFormatter.ISO_DATE_TIME.parse(text,
						(parsed) -> parsed.isSupported(ChronoField.OFFSET_SECONDS) ? OffsetDateTime.from(parsed)
								: LocalDateTime.from(parsed).atOffset(ZoneOffset.UTC));
			}
			catch (DateTimeException | IndexOutOfBoundsException ex) {
				return null;
			}
		}

	}

}
