package dev.movies.embedding;

import java.util.List;

import dev.movies.movie.CastMember;
import dev.movies.movie.Movie;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentTextTests {

	@Test
	void buildsTheOriginalFormatWithTheFirstFiveCastMembers() {
		List<CastMember> cast = List
			.of("Leonardo DiCaprio", "Joseph Gordon-Levitt", "Elliot Page", "Tom Hardy", "Ken Watanabe",
					"Cillian Murphy")
			.stream()
			.map((name) -> new CastMember(name, null, null, null))
			.toList();
		Movie inception = movie("Inception", 2010, 8.8, List.of("Action", "Sci-Fi"),
				"A thief who steals corporate secrets\n through dream-sharing technology.", "en", cast);

		assertThat(DocumentText.of(inception)).isEqualTo("Title: Inception | Year: 2010 | Genres: Action, Sci-Fi | "
				+ "Description: A thief who steals corporate secrets through dream-sharing technology. | "
				+ "Cast: Leonardo DiCaprio, Joseph Gordon-Levitt, Elliot Page, Tom Hardy, Ken Watanabe | "
				+ "Language: en | Rating: 8.8/10");
	}

	@Test
	void leavesMissingFieldsOut() {
		Movie sparse = movie("Nosferatu", null, null, List.of(), "  ", null, List.of());

		assertThat(DocumentText.of(sparse)).isEqualTo("Title: Nosferatu");
	}

	@Test
	void writesWholeRatingsWithOneDecimal() {
		assertThat(DocumentText.of(movie("Heat", 1995, 9.0, List.of(), null, "en", List.of())))
			.isEqualTo("Title: Heat | Year: 1995 | Language: en | Rating: 9.0/10");
	}

	@Test
	void hashChangesWithModelPrefixAndText() {
		byte[] hash = DocumentText.hash("nomic-embed-text", "search_document: ", "Title: Heat");

		assertThat(hash).hasSize(32)
			.isEqualTo(DocumentText.hash("nomic-embed-text", "search_document: ", "Title: Heat"));
		assertThat(hash).isNotEqualTo(DocumentText.hash("all-minilm", "search_document: ", "Title: Heat"))
			.isNotEqualTo(DocumentText.hash("nomic-embed-text", "", "Title: Heat"))
			.isNotEqualTo(DocumentText.hash("nomic-embed-text", "search_document: ", "Title: Heat 2"));
	}

	@Test
	void prefixesFollowTheModelUnlessConfigured() {
		assertThat(TaskPrefixes.resolve("nomic-embed-text:latest", "", ""))
			.isEqualTo(new TaskPrefixes("search_document: ", "search_query: "));
		assertThat(TaskPrefixes.resolve("all-minilm", "", "")).isEqualTo(TaskPrefixes.NONE);
		assertThat(TaskPrefixes.resolve("nomic-embed-text", "none", "query: "))
			.isEqualTo(new TaskPrefixes("", "query: "));
	}

	static Movie movie(String title, Integer year, Double rating, List<String> genres, String description,
			String language, List<CastMember> cast) {
		return new Movie(1L, 1L, null, title, null, year, rating, null, genres, null, description, language, 0, 0, null,
				null, null, null, null, cast);
	}

}
