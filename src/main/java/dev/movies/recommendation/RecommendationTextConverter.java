package dev.movies.recommendation;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.movies.movie.Movie;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * {@code Accept: text/plain}: recommendations as the original command line printed them,
 * one numbered line per movie with its year, rating, genres and similarity.
 */
class RecommendationTextConverter extends AbstractHttpMessageConverter<Recommendations> {

	RecommendationTextConverter() {
		super(StandardCharsets.UTF_8, MediaType.TEXT_PLAIN);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return Recommendations.class.isAssignableFrom(type);
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected Recommendations readInternal(Class<? extends Recommendations> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("Recommendations are never read", input);
	}

	@Override
	protected void writeInternal(Recommendations recommendations, HttpOutputMessage output) throws IOException {
		Writer writer = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
		writer.write(format(recommendations));
		writer.flush();
	}

	/**
	 * Catalogue text as one printable line: a control character (a line break, a terminal
	 * escape, C1) is written as its escape ({@code \\n}, {@code \\u001b}), so imported
	 * data can neither forge a numbered line nor drive the reader's terminal.
	 */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length());
		text.chars().forEach((c) -> {
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
						escaped.append("\\u%04x".formatted(c));
					}
					else {
						escaped.append((char) c);
					}
				}
			}
		});
		return escaped.toString();
	}

	static String format(Recommendations recommendations) {
		StringBuilder text = new StringBuilder();
		text.append("Recommendations %s (%s, %d %s):%n%n".formatted(escape(recommendations.query()),
				recommendations.distanceMetric(), recommendations.total(),
				recommendations.total() == 1 ? "movie" : "movies"));
		if (recommendations.movies().isEmpty()) {
			text.append("  No movies found.%n".formatted());
		}
		int width = String.valueOf(recommendations.movies().size()).length();
		int number = 1;
		for (RecommendedMovie recommended : recommendations.movies()) {
			Movie movie = recommended.movie();
			text.append(String.format(Locale.ROOT, "%" + width + "d. %s", number++, escape(movie.title())));
			if (movie.year() != null) {
				text.append(" (").append(movie.year()).append(')');
			}
			text.append("  rating ")
				.append(movie.rating() == null ? "-" : String.format(Locale.ROOT, "%.1f/10", movie.rating()));
			if (!movie.genres().isEmpty()) {
				text.append("  ").append(escape(String.join(", ", movie.genres())));
			}
			text.append(String.format(Locale.ROOT, "  similarity %.3f", recommended.similarityScore()));
			if (recommended.score() != null) {
				text.append(String.format(Locale.ROOT, "  score %.3f", recommended.score()));
			}
			text.append('\n');
		}
		return text.toString();
	}

}
