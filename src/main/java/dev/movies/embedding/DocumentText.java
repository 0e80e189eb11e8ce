package dev.movies.embedding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.movies.movie.CastMember;
import dev.movies.movie.Movie;

/**
 * The one place a movie becomes the text its vector is computed from, in the original
 * project's format:
 * {@code Title: ... | Year: ... | Genres: a, b | Description: ... | Cast: first 5 |
 * Language: en | Rating: 8.8/10}. Missing fields are left out rather than written as
 * "None".
 */
public final class DocumentText {

	static final int CAST_SHOWN = 5;

	private static final String SEPARATOR = " | ";

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private DocumentText() {
	}

	public static String of(Movie movie) {
		List<String> parts = new ArrayList<>(7);
		add(parts, "Title", movie.title());
		add(parts, "Year", movie.year() != null ? movie.year().toString() : null);
		add(parts, "Genres", join(movie.genres().stream().filter(DocumentText::present).toList()));
		add(parts, "Description", movie.description());
		add(parts, "Cast", join(
				movie.cast().stream().map(CastMember::name).filter(DocumentText::present).limit(CAST_SHOWN).toList()));
		add(parts, "Language", movie.language());
		add(parts, "Rating", movie.rating() != null ? String.format(Locale.ROOT, "%.1f/10", movie.rating()) : null);
		return String.join(SEPARATOR, parts);
	}

	/**
	 * What a stored vector was made from: SHA-256 over the model name, the document
	 * prefix and the text. A vector is stale when this differs from the one stored beside
	 * it.
	 */
	public static byte[] hash(String model, String prefix, String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(model.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(prefix.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			return digest.digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	private static void add(List<String> parts, String label, String value) {
		if (present(value)) {
			parts.add(label + ": " + WHITESPACE.matcher(value.strip()).replaceAll(" "));
		}
	}

	private static String join(List<String> values) {
		return values.isEmpty() ? null : String.join(", ", values);
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

}
