package dev.movies.movie;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A catalogue entry with the YTS field names of the original API. Unknown values are
 * {@code null}, unknown lists are empty. As JSON it also carries the original's
 * {@code torrents_count} and {@code similarity_score} ({@code null}: a catalogue movie
 * has no similarity; recommendations carry their own).
 */
public record Movie(Long id, Long externalId, String imdbCode, String title, String titleEnglish, Integer year,
		Double rating, Integer runtime, List<String> genres, String descriptionIntro, String descriptionFull,
		String language, Integer likeCount, Integer downloadCount, OffsetDateTime dateUploaded, String smallCoverImage,
		String mediumCoverImage, String largeCoverImage, String ytTrailerCode, List<CastMember> cast,
		List<Torrent> torrents) {

	public Movie {
		genres = genres == null ? List.of() : List.copyOf(genres);
		cast = cast == null ? List.of() : List.copyOf(cast);
		torrents = torrents == null ? List.of() : List.copyOf(torrents);
	}

	/** A movie without torrents. */
	public Movie(Long id, Long externalId, String imdbCode, String title, String titleEnglish, Integer year,
			Double rating, Integer runtime, List<String> genres, String descriptionIntro, String descriptionFull,
			String language, Integer likeCount, Integer downloadCount, OffsetDateTime dateUploaded,
			String smallCoverImage, String mediumCoverImage, String largeCoverImage, String ytTrailerCode,
			List<CastMember> cast) {
		this(id, externalId, imdbCode, title, titleEnglish, year, rating, runtime, genres, descriptionIntro,
				descriptionFull, language, likeCount, downloadCount, dateUploaded, smallCoverImage, mediumCoverImage,
				largeCoverImage, ytTrailerCode, cast, List.of());
	}

	@JsonProperty("torrents_count")
	public int torrentsCount() {
		return this.torrents.size();
	}

	/**
	 * Always {@code null} here: the original's Movie model sends the field on every
	 * movie.
	 */
	@JsonProperty("similarity_score")
	Double catalogueSimilarityScore() {
		return null;
	}

	/**
	 * The description to show and embed: the intro, then the full text, each once (YTS
	 * often repeats the intro at the start of the full text), or {@code null} when there
	 * is none.
	 */
	public String description() {
		String intro = (this.descriptionIntro != null && !this.descriptionIntro.isBlank())
				? this.descriptionIntro.strip() : null;
		String full = (this.descriptionFull != null && !this.descriptionFull.isBlank()) ? this.descriptionFull.strip()
				: null;
		if (full == null || (intro != null && intro.contains(full))) {
			return intro;
		}
		return (intro == null || full.contains(intro)) ? full : intro + " " + full;
	}

}
