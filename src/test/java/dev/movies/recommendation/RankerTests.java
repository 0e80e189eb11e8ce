package dev.movies.recommendation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MMR's cost must not grow with the page asked for: it diversifies a capped pool of the
 * best candidates, and deeper pages continue in relevance order.
 */
class RankerTests {

	static final int POOL = 10;

	static final CataloguePriors.Popularity NO_PRIORS = CataloguePriors.Popularity.NONE;

	final Ranker ranker = new Ranker(
			new RecommendationProperties.Ranking(1, 0, 0, 0, 100, 6, POOL, 0, Strategy.AVERAGE, Duration.ofMinutes(10),
					RecommendationProperties.PoolScale.MIN_MAX),
			new RecommendationProperties.Hybrid(true, 60, 1, 1, 50, 0.5, 0.7));

	@Test
	void diversityReordersOnlyTheCandidatePoolWhateverTheOffset() {
		List<Candidate> candidates = pairsOfTwins(200);

		List<Long> deep = ids(this.ranker.rank(candidates, List.of(), null, NO_PRIORS, 0.9, 200));
		List<Long> firstPage = ids(this.ranker.rank(candidates, List.of(), null, NO_PRIORS, 0.9, POOL));

		// within the pool, twins are pushed apart: the 2nd result is not the first one's
		// twin
		assertThat(firstPage.get(1)).isNotEqualTo(firstPage.get(0) + 1);
		// the same first page whatever the depth asked for
		assertThat(deep.subList(0, POOL)).isEqualTo(firstPage);
		// past the pool: plain relevance order, no quadratic re-ranking of 190 more
		// candidates
		assertThat(deep.subList(POOL, 200)).isEqualTo(range(POOL, 200));
		assertThat(deep).doesNotHaveDuplicates().hasSize(200);
	}

	/** Movie 2k and 2k+1 share a vector; relevance falls with the id. */
	static List<Candidate> pairsOfTwins(int count) {
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			float[] vector = new float[count];
			vector[i / 2] = 1;
			candidates.add(new Candidate(i, 1.0 - i / 1000.0, i / 1000.0, List.of(), null, 0, 0, vector, null));
		}
		return candidates;
	}

	static List<Long> ids(List<Ranker.Ranked> ranked) {
		return ranked.stream().map((r) -> r.candidate().movieId()).toList();
	}

	static List<Long> range(int from, int to) {
		List<Long> ids = new ArrayList<>();
		for (long i = from; i < to; i++) {
			ids.add(i);
		}
		return ids;
	}

}
