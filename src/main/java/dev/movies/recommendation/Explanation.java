package dev.movies.recommendation;

import java.util.List;

/**
 * Why a movie was recommended ({@code explain=true}): the parts of its score, what it
 * shares with the query's movies, the liked movie that pulled it in, and the same in
 * words a page can show.
 *
 * @param sharedGenres the movie's genres that the query is about, as the movie names them
 * @param sharedCast actors it shares with the query's movies, in its billing order
 * @param pulledInBy the example movie it is closest to, {@code null} for a text query
 */
public record Explanation(Components components, List<String> sharedGenres, List<String> sharedCast,
		MovieRef pulledInBy, List<String> reasons) {

	/** A movie named in an explanation. */
	public record MovieRef(long id, String title) {
	}

}
