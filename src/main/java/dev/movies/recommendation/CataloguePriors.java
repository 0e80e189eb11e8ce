package dev.movies.recommendation;

import java.time.Clock;
import java.time.Instant;

import dev.movies.movie.CatalogueChangedEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The catalogue-wide normaliser of the popularity prior: the largest like and download
 * counts, read once and kept until an import changes the catalogue (or
 * {@code priors-max-age} passes, for imports made through another instance). A request
 * never scans the catalogue for it.
 */
@Component
class CataloguePriors {

	private final RecommendationRepository repository;

	private final RecommendationProperties.Ranking ranking;

	private final Clock clock;

	private volatile Snapshot snapshot;

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
		Snapshot current = this.snapshot;
		Instant now = this.clock.instant();
		if (current == null || now.isAfter(current.readAt().plus(this.ranking.priorsMaxAge()))) {
			current = new Snapshot(this.repository.popularityMaxima(), now);
			this.snapshot = current;
		}
		return current.popularity();
	}

	@EventListener
	void catalogueChanged(CatalogueChangedEvent event) {
		this.snapshot = null;
	}

	private record Snapshot(Popularity popularity, Instant readAt) {
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
