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

	/** The longest description available, or {@code null}. */
	public String description() {
		if (descriptionFull != null && !descriptionFull.isBlank()) {
			return descriptionFull;
		}
		return descriptionIntro != null && !descriptionIntro.isBlank() ? descriptionIntro : null;
	}

}
