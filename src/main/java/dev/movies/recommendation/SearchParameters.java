package dev.movies.recommendation;

import java.util.List;
import java.util.Map;

/**
 * The parameters every recommendation endpoint shares, whether they come from the query
 * string ({@link RecommendationParameters}) or a JSON body ({@link ExampleRequest});
 * {@link SearchOptions#from} checks them in one place.
 */
interface SearchParameters {

	Integer limit();

	Integer offset();

	String distanceMetric();

	List<String> genres();

	String genreMatch();

	Double minRating();

	Integer minYear();

	Integer maxYear();

	String language();

	List<Long> exclude();

	Double minSimilarity();

	Double diversity();

	String ranking();

	/**
	 * The blend's weights the request replaces, by name; values unparsed (checked in one
	 * place).
	 */
	Map<String, String> weightValues();

	String strategy();

	Boolean explain();

}
