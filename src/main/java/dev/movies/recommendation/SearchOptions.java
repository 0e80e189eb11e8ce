package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import dev.movies.system.InvalidRequestException;
import dev.movies.system.InvalidRequestException.FieldError;

/**
 * A checked recommendation query: what to return (metric, page, ranking, diversity) and
 * which movies may appear ({@link Filters}).
 *
 * @param diversity MMR diversity 0..1 (0 = off)
 * @param weights the blend's weights, or {@code null} when ranking is by similarity alone
 * @param strategy how several examples make one ranking
 * @param explain whether each movie carries the parts of its score and the reasons
 */
public record SearchOptions(DistanceMetric metric, int limit, int offset, Filters filters, Double minSimilarity,
		double diversity, RankingWeights weights, Strategy strategy, boolean explain) {

	static final int DEFAULT_LIMIT = 10;

	static final int MAX_LIMIT = 100;

	static final int MAX_OFFSET = 10_000;

	/**
	 * Most ids one request may exclude: each is a bound parameter of the search query,
	 * and a million of them cost seconds before any search starts.
	 */
	static final int MAX_EXCLUDE = 1_000;

	/** Most genres one request may filter by: the vocabulary has a few dozen. */
	static final int MAX_GENRES = 50;

	/** The longest genre name accepted. */
	static final int MAX_GENRE_LENGTH = 100;

	/**
	 * PostgreSQL's text cannot hold NUL: a genre or language holding one is a 400 (a
	 * blank genre is no genre, as an empty value is no value).
	 */
	static final String MUST_NOT_HOLD_NUL = "must not contain NUL characters";

	/** The number of ranked results the page needs. */
	int pageEnd() {
		return this.offset + this.limit;
	}

	/** Whether the nearest candidates are re-ranked by the blended score. */
	boolean blended() {
		return this.weights != null;
	}

	SearchOptions withExcluded(Set<Long> ids) {
		return new SearchOptions(this.metric, this.limit, this.offset, this.filters.withExcluded(ids),
				this.minSimilarity, this.diversity, this.weights, this.strategy, this.explain);
	}

	/**
	 * Checks every parameter and reports all the bad ones at once; never clamps.
	 */
	static SearchOptions from(SearchParameters p, RecommendationProperties properties) {
		List<FieldError> errors = new ArrayList<>();
		int limit = Objects.requireNonNullElse(p.limit(), DEFAULT_LIMIT);
		if (limit < 1 || limit > MAX_LIMIT) {
			errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT, p.limit()));
		}
		int offset = Objects.requireNonNullElse(p.offset(), 0);
		if (offset < 0 || offset > MAX_OFFSET) {
			errors.add(new FieldError("offset", "must be between 0 and " + MAX_OFFSET, p.offset()));
		}
		DistanceMetric metric = DistanceMetric.COSINE;
		try {
			metric = DistanceMetric.parse(p.distanceMetric());
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError("distance_metric", ex.getMessage(), p.distanceMetric()));
		}
		boolean matchAll = false;
		if (p.genreMatch() != null && !p.genreMatch().isBlank()) {
			switch (p.genreMatch().trim().toLowerCase(Locale.ROOT)) {
				case "any" -> matchAll = false;
				case "all" -> matchAll = true;
				default -> errors.add(new FieldError("genre_match", "must be one of any, all", p.genreMatch()));
			}
		}
		if (p.minRating() != null && (p.minRating() < 0 || p.minRating() > 10 || p.minRating().isNaN())) {
			errors.add(new FieldError("min_rating", "must be between 0 and 10", p.minRating()));
		}
		if (p.minYear() != null && p.maxYear() != null && p.minYear() > p.maxYear()) {
			errors
				.add(new FieldError("min_year", "must not be after max_year (%d)".formatted(p.maxYear()), p.minYear()));
		}
		if (p.minSimilarity() != null && !Double.isFinite(p.minSimilarity())) {
			errors.add(new FieldError("min_similarity", "must be a finite number", p.minSimilarity()));
		}
		double diversity = Objects.requireNonNullElse(p.diversity(), properties.ranking().defaultDiversity());
		if (!(diversity >= 0 && diversity <= 1)) {
			errors.add(new FieldError("diversity", "must be between 0 and 1", p.diversity()));
		}
		RankingWeights weights = properties.ranking().weights().override(p.weightValues(), errors);
		boolean blended = !properties.ranking().weights().isPureSimilarity() || !p.weightValues().isEmpty();
		if (p.ranking() != null && !p.ranking().isBlank()) {
			switch (p.ranking().trim().toLowerCase(Locale.ROOT)) {
				case "blended" -> blended = true;
				case "similarity" -> {
					blended = false;
					if (!p.weightValues().isEmpty()) {
						// weights would be ignored: say so rather than answer another
						// ranking
						errors.add(new FieldError("weights",
								"cannot be combined with ranking=similarity, which orders by similarity alone",
								p.ranking()));
					}
				}
				default -> errors.add(new FieldError("ranking", "must be one of blended, similarity", p.ranking()));
			}
		}
		if (p.exclude() != null && p.exclude().size() > MAX_EXCLUDE) {
			errors.add(new FieldError("exclude", "must name at most %d movies".formatted(MAX_EXCLUDE),
					p.exclude().size()));
		}
		else if (p.exclude() != null && p.exclude().contains(null)) {
			errors.add(new FieldError("exclude", "must not contain null", null));
		}
		if (p.genres() != null && p.genres().size() > MAX_GENRES) {
			errors
				.add(new FieldError("genres", "must name at most %d genres".formatted(MAX_GENRES), p.genres().size()));
		}
		else if (p.genres() != null
				&& p.genres().stream().anyMatch((genre) -> genre != null && genre.length() > MAX_GENRE_LENGTH)) {
			errors
				.add(new FieldError("genres", "must each be at most %d characters".formatted(MAX_GENRE_LENGTH), null));
		}
		else if (p.genres() != null && p.genres().stream().anyMatch(SearchOptions::hasNul)) {
			errors.add(new FieldError("genres", MUST_NOT_HOLD_NUL, null));
		}
		if (hasNul(p.language())) {
			errors.add(new FieldError("language", MUST_NOT_HOLD_NUL, p.language().replace('\u0000', ' ')));
		}
		Strategy strategy = properties.ranking().strategy();
		if (p.strategy() != null && !p.strategy().isBlank()) {
			try {
				strategy = Strategy.parse(p.strategy());
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError("strategy", "must be one of average, best_score", p.strategy()));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		// min_rating=0 is no floor, unrated movies included, as on the lists (trending,
		// genres)
		Double minRating = (p.minRating() != null && p.minRating() == 0) ? null : p.minRating();
		Filters filters = new Filters(genreKeys(p.genres()), matchAll, minRating, p.minYear(), p.maxYear(),
				blankToNull(p.language()), p.exclude() == null ? Set.of() : Set.copyOf(p.exclude()));
		return new SearchOptions(metric, limit, offset, filters, p.minSimilarity(), diversity, blended ? weights : null,
				strategy, Boolean.TRUE.equals(p.explain()));
	}

	/**
	 * Genre names as {@code movies.genre_keys} stores them: trimmed, lower case, each
	 * once.
	 */
	static List<String> genreKeys(List<String> genres) {
		if (genres == null) {
			return List.of();
		}
		Set<String> keys = new LinkedHashSet<>();
		for (String genre : genres) {
			if (genre != null && !genre.isBlank()) {
				keys.add(genre.trim().toLowerCase(Locale.ROOT));
			}
		}
		return List.copyOf(keys);
	}

	private static boolean hasNul(String value) {
		return value != null && value.indexOf('\u0000') >= 0;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * Which movies may be recommended.
	 *
	 * @param genreKeys lower-case genres; with {@code matchAll} a movie needs all of
	 * them, else one
	 * @param language lower-case language code
	 * @param exclude movie ids never returned (the query's own movies are added here)
	 */
	public record Filters(List<String> genreKeys, boolean matchAll, Double minRating, Integer minYear, Integer maxYear,
			String language, Set<Long> exclude) {

		/** Whether anything besides {@code exclude} narrows the catalogue. */
		boolean narrows() {
			return !this.genreKeys.isEmpty() || this.minRating != null || this.minYear != null || this.maxYear != null
					|| this.language != null;
		}

		Filters withExcluded(Set<Long> ids) {
			Set<Long> all = new LinkedHashSet<>(this.exclude);
			all.addAll(ids);
			return new Filters(this.genreKeys, this.matchAll, this.minRating, this.minYear, this.maxYear, this.language,
					Set.copyOf(all));
		}

	}

}
