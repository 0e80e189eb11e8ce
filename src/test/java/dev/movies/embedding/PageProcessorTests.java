package dev.movies.embedding;

import java.util.List;

import dev.movies.embedding.EmbeddingJobRepository.PageMovie;
import dev.movies.movie.Movie;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which movies of a page the backfill embeds; committing a page is EmbeddingJobTests'.
 */
class PageProcessorTests {

	private final FakeEmbeddingModel model = new FakeEmbeddingModel();

	@Test
	void aMovieWithoutVectorIsEmbeddedWithItsDocumentTextAndHash() {
		Movie heat = movie(1, "Heat", "A thief and a detective.");

		PageProcessor.Plan plan = PageProcessor.Plan.of(this.model, false, List.of(new PageMovie(heat, null, null)));

		assertThat(plan.upToDate()).isEmpty();
		assertThat(plan.toEmbed()).singleElement().satisfies((input) -> {
			assertThat(input.movieId()).isEqualTo(1);
			assertThat(input.text()).isEqualTo(DocumentText.of(heat));
			assertThat(input.hash()).isEqualTo(hash(heat));
		});
	}

	@Test
	void aMovieEmbeddedByThisModelFromTheSameTextIsUpToDate() {
		Movie heat = movie(1, "Heat", "A thief and a detective.");

		PageProcessor.Plan plan = PageProcessor.Plan.of(this.model, false,
				List.of(new PageMovie(heat, this.model.name(), hash(heat))));

		assertThat(plan.toEmbed()).isEmpty();
		assertThat(plan.upToDate()).containsExactly(1L);
	}

	@Test
	void aChangedTextOrAnotherModelMakesTheVectorStale() {
		Movie heat = movie(1, "Heat", "A thief and a detective.");
		Movie alien = movie(2, "Alien", "A crew meets a creature.");
		byte[] oldHash = hash(movie(1, "Heat", "An older description."));

		PageProcessor.Plan plan = PageProcessor.Plan.of(this.model, false, List
			.of(new PageMovie(heat, this.model.name(), oldHash), new PageMovie(alien, "other-model", hash(alien))));

		assertThat(plan.toEmbed()).extracting(BatchEmbedder.Input::movieId).containsExactly(1L, 2L);
		assertThat(plan.upToDate()).isEmpty();
	}

	@Test
	void forceReembedsUpToDateMovies() {
		Movie heat = movie(1, "Heat", "A thief and a detective.");

		PageProcessor.Plan plan = PageProcessor.Plan.of(this.model, true,
				List.of(new PageMovie(heat, this.model.name(), hash(heat))));

		assertThat(plan.toEmbed()).extracting(BatchEmbedder.Input::movieId).containsExactly(1L);
	}

	private byte[] hash(Movie movie) {
		return DocumentText.hash(this.model.name(), this.model.documentPrefix(), DocumentText.of(movie));
	}

	private static Movie movie(long id, String title, String description) {
		return new Movie(id, id, null, title, null, 1995, null, null, List.of("Crime"), null, description, "en", null,
				null, null, null, null, null, null, List.of());
	}

}
