package dev.movies.movie;

import java.util.List;

/**
 * A page of a movie list.
 *
 * @param total how many movies match in all (not only on this page)
 * @param movies this page, best first
 */
public record MovieList(long total, List<Movie> movies) {
}
