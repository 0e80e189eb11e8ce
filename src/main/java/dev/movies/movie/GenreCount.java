package dev.movies.movie;

/**
 * A genre of the catalogue and how many movies have it.
 *
 * @param name the canonical name ({@code Sci-Fi}), or for a genre outside the vocabulary
 * its key in title case
 * @param key the canonical key filters accept besides any alias ({@code sci-fi})
 * @param movieCount how many movies have the genre under any of its names
 */
public record GenreCount(String name, String key, long movieCount) {
}
