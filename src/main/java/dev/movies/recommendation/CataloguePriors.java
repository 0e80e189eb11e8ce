package dev.movies.recommendation;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.movies.movie.CatalogueChangedEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The catalogue-wide normaliser of the popularity prior (the largest like and download
 * counts) and the full text's document frequencies, read once and kept until an import
 * changes the catalogue (or {@code priors-max-age} passes, for imports made through
 * another instance). A request never scans the catalogue for it.
 */
@Component
class CataloguePriors {

	private final RecommendationRepository repository;

	private final RecommendationProperties.Ranking ranking;

	private final Clock clock;

	private volatile Snapshot<Popularity> popularity;

	private volatile Map<String, List<String>> vocabulary;

	private volatile Snapshot<Double> rows;

	private volatile Snapshot<Map<String, Long>> holding;

	/** Most lexemes whose document frequency is kept; past it the list starts afresh. */
	static final int MAX_KEPT_LEXEMES = 50_000;

	@Autowired
	CataloguePriors(RecommendationRepository repository, RecommendationProperties properties) {
		this(repository, properties, Clock.systemUTC());
	}

	CataloguePriors(RecommendationRepository repository, RecommendationProperties properties, Clock clock) {
		this.repository = repository;
		this.ranking = properties.ranking();
		this.clock = clock;
	}

	/** The normaliser as of the last read. */
	Popularity popularity() {
		Snapshot<Popularity> current = fresh(this.popularity, this.repository::popularityMaxima);
		this.popularity = current;
		return current.value();
	}

	/**
	 * The planner's estimate of the catalogue's size, the denominator of a filter's
	 * selectivity (its numerator is estimated per request): kept like the popularity
	 * normaliser, so a filtered request asks the planner once, not twice.
	 */
	double catalogueRows() {
		Snapshot<Double> current = fresh(this.rows, this.repository::plannedCatalogueRows);
		this.rows = current;
		return current.value();
	}

	/**
	 * How many movies' documents hold each lexeme (the full text's inverse document
	 * frequency weighs a query's words by it): counted once per lexeme and kept like the
	 * popularity normaliser, so a word's count is one index probe per catalogue change,
	 * not one per request.
	 */
	Map<String, Long> documentFrequencies(Collection<String> lexemes) {
		Snapshot<Map<String, Long>> current = fresh(this.holding, ConcurrentHashMap::new);
		this.holding = current;
		Map<String, Long> kept = current.value();
		List<String> unknown = lexemes.stream().filter((lexeme) -> !kept.containsKey(lexeme)).toList();
		if (!unknown.isEmpty()) {
			if (kept.size() + unknown.size() > MAX_KEPT_LEXEMES) {
				kept.clear();
			}
			kept.putAll(this.repository.documentFrequencies(unknown));
		}
		Map<String, Long> frequencies = new LinkedHashMap<>();
		lexemes.forEach((lexeme) -> frequencies.put(lexeme, kept.getOrDefault(lexeme, 0L)));
		return frequencies;
	}

	/** {@code kept} while younger than {@code priors-max-age}, else read afresh. */
	private <T> Snapshot<T> fresh(Snapshot<T> kept, Supplier<T> read) {
		Instant now = this.clock.instant();
		if (kept != null && !now.isAfter(kept.readAt().plus(this.ranking.priorsMaxAge()))) {
			return kept;
		}
		return new Snapshot<>(read.get(), now);
	}

	/**
	 * Genre names (as a request's {@code genres} filter gives them) as the canonical keys
	 * {@code movies.genre_keys} stores, so that the ranking's genre overlap counts
	 * {@code genres=Science Fiction} as the {@code sci-fi} of a YTS movie, as the filter
	 * itself does. The vocabulary is a migration's (immutable while the service runs),
	 * read once.
	 */
	List<String> genreKeys(List<String> names) {
		Map<String, List<String>> vocabulary = this.vocabulary;
		if (vocabulary == null) {
			vocabulary = Map.copyOf(this.repository.genreVocabulary());
			this.vocabulary = vocabulary;
		}
		Set<String> keys = new LinkedHashSet<>();
		for (String name : names) {
			if (name == null || name.isBlank()) {
				continue;
			}
			List<String> canonical = vocabulary.get(alias(name));
			if (canonical == null) {
				keys.add(name.strip().toLowerCase(Locale.ROOT));
			}
			else {
				keys.addAll(canonical);
			}
		}
		return List.copyOf(keys);
	}

	/**
	 * {@code genre_alias()} in Java: lower case, no accents, letters and digits only.
	 */
	static String alias(String name) {
		return Normalizer.normalize(name, Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "");
	}

	@EventListener
	void catalogueChanged(CatalogueChangedEvent event) {
		this.popularity = null;
		this.rows = null;
		this.holding = null;
	}

	private record Snapshot<T>(T value, Instant readAt) {
	}

	/**
	 * {@code (ln(1 + likes) / ln(1 + max likes) + ln(1 + downloads) / ln(1 + max downloads)) / 2}:
	 * 0 for an unknown movie, 1 for the catalogue's most liked and most downloaded one.
	 * The logarithm keeps the blockbusters from drowning everything else: 10x the likes
	 * adds a constant step.
	 *
	 * @param maxLikes the catalogue's largest like count
	 * @param maxDownloads the catalogue's largest download count
	 */
	record Popularity(long maxLikes, long maxDownloads) {

		static final Popularity NONE = new Popularity(0, 0);

		double of(long likes, long downloads) {
			return (part(likes, this.maxLikes) + part(downloads, this.maxDownloads)) / 2;
		}

		private static double part(long count, long max) {
			if (max <= 0 || count <= 0) {
				return 0;
			}
			return Math.min(1, Math.log1p(count) / Math.log1p(max));
		}

	}

}
