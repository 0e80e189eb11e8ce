package dev.movies.movie;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The catalogue endpoints' web layer alone: which import a media type reaches, the 404s,
 * 413 and 415. Importing itself is MovieImportTests', the admin key AdminAttackTests'.
 */
@WebMvcTest(MovieController.class)
@AutoConfigureMockMvc(addFilters = false)
class MovieControllerWebMvcTests {

	private static final ImportResult ONE = new ImportResult(1, 1, 0, 0, List.of(), 0);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	MovieRepository movies;

	@MockitoBean
	MovieImportService imports;

	@Test
	void jsonGoesToTheDocumentImport() {
		given(this.imports.importJson(any(), anyLong())).willReturn(ONE);

		assertThat(this.mvc.put().uri("/api/movies").contentType(MediaType.APPLICATION_JSON).content("[]"))
			.hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.inserted", (v) -> v.assertThat().isEqualTo(1));
		verify(this.imports).importJson(any(), anyLong());
	}

	@Test
	void ndjsonAndJsonLinesGoToTheStreamingImport() {
		given(this.imports.importNdjson(any(), anyLong())).willReturn(ONE);

		assertThat(this.mvc.put().uri("/api/movies").contentType(MediaType.APPLICATION_NDJSON).content("{}\n"))
			.hasStatusOk();
		assertThat(this.mvc.put().uri("/api/movies").contentType("application/jsonl").content("{}\n")).hasStatusOk();
	}

	@Test
	void anotherMediaTypeIs415() {
		assertThat(this.mvc.put().uri("/api/movies").contentType("text/csv").content("title\nHeat"))
			.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.imports);
	}

	@Test
	void aBodyOverTheLimitIs413() {
		given(this.imports.importJson(any(), anyLong())).willThrow(new ImportTooLargeException(1024));

		assertThat(this.mvc.put().uri("/api/movies").contentType(MediaType.APPLICATION_JSON).content("[]"))
			.hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anUnknownMovieIs404ForReadAndDelete() {
		given(this.movies.findById(anyLong())).willReturn(Optional.empty());

		assertThat(this.mvc.get().uri("/api/movies/42")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.delete().uri("/api/movies/42")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void aDeletedMovieIs204() {
		given(this.movies.deleteById(42)).willReturn(true);

		assertThat(this.mvc.delete().uri("/api/movies/42")).hasStatus(HttpStatus.NO_CONTENT);
	}

	@Test
	void anIdThatIsNoNumberIs400() {
		assertThat(this.mvc.get().uri("/api/movies/heat")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("movie_id"));
		verifyNoInteractions(this.movies);
	}

}
