package dev.movies.movie;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A catalogue entry with the YTS field names of the original API. Unknown values are {@code null},
 * unknown lists are empty.
 */
public record Movie(
		Long id,
		Long externalId,
		String imdbCode,
		String title,
		String titleEnglish,
		Integer year,
		Double rating,
		Integer runtime,
		List<String> genres,
		String descriptionIntro,
		String descriptionFull,
		String language,
		Integer likeCount,
		Integer downloadCount,
		OffsetDateTime dateUploaded,
		String smallCoverImage,
		String mediumCoverImage,
		String largeCoverImage,
		String ytTrailerCode,
		List<CastMember> cast) {

	public Movie {
		genres = genres == null ? List.of() : List.copyOf(genres);
		cast = cast == null ? List.of() : List.copyOf(cast);
	}

	/**
	 * The description to show and embed: the intro, then the full text, each once (YTS often
	 * repeats the intro at the start of the full text), or {@code null} when there is none.
	 */
	public String description() {
		String intro = (this.descriptionIntro != null && !this.descriptionIntro.isBlank()) ? this.descriptionIntro.strip()
				: null;
		String full = (this.descriptionFull != null && !this.descriptionFull.isBlank()) ? this.descriptionFull.strip()
				: null;
		if (full == null || (intro != null && intro.contains(full))) {
			return intro;
		}
		return (intro == null || full.contains(intro)) ? full : intro + " " + full;
	}

}
