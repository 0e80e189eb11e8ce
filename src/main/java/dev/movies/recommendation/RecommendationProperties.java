package dev.movies.recommendation;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.movies.vector.IndexSettings;
import dev.movies.vector.IndexType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the recommendation search ({@code movies.recommendations.*}, or the
 * environment names like {@code MOVIES_RECOMMENDATIONS_INDEX_TYPE}).
 *
 * @param index the vector index and how queries use it
 * @param ranking the re-ranking of the nearest candidates
 * @param hybrid the full-text half of free-text queries
 * @param maxTextCharacters the longest free text accepted as a query: the embedding port
 * has no context-window method, and 1,000 characters stay inside all-MiniLM's 256 tokens
 * and nomic-embed-text's 2,048
 * @param dislikedWeight how hard disliked movies push the query away (the Rocchio gamma)
 */
@Validated
@ConfigurationProperties("movies.recommendations")
public record RecommendationProperties(@Valid @DefaultValue Index index, @Valid @DefaultValue Ranking ranking,
		@Valid @DefaultValue Hybrid hybrid, @DefaultValue("1000") @Min(1) int maxTextCharacters,
		@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double dislikedWeight) {

	/**
	 * @param type {@code hnsw} (default) or {@code ivfflat}
	 * @param m HNSW links per node
	 * @param efConstruction HNSW build-time candidate list
	 * @param efSearch HNSW query-time candidate list; raised per query to at least the
	 * rows asked for
	 * @param maxScanTuples the most tuples an iterative index scan may visit
	 * (hnsw.max_scan_tuples)
	 * @param exactScanMaxRows filters estimated to keep fewer rows than this are searched
	 * exactly: reading and comparing that few rows costs less than an index search
	 * (measured at 100,000 movies: ~19 us per row against ~11 ms for an HNSW search with
	 * ef_search 100)
	 * @param lists IVFFlat lists; 0 derives them from the row count at build time
	 * @param probes IVFFlat probes; 0 uses sqrt(lists)
	 * @param ivfflatMinRows below this many vectors no IVFFlat index is built (its
	 * centroids would be trained on too little data); searches stay exact, which is fast
	 * at that size
	 * @param buildMemory maintenance_work_mem for index builds: an HNSW graph that fits
	 * in memory builds many times faster
	 * @param createOnStartup whether start-up (re)creates the configured index when it is
	 * missing
	 */
	public record Index(@DefaultValue("hnsw") @NotNull IndexType type, @DefaultValue("16") @Min(2) @Max(100) int m,
			@DefaultValue("64") @Min(4) @Max(1000) int efConstruction,
			@DefaultValue("100") @Min(1) @Max(1000) int efSearch, @DefaultValue("20000") @Min(1000) int maxScanTuples,
			@DefaultValue("1000") @Min(0) int exactScanMaxRows, @DefaultValue("0") @Min(0) int lists,
			@DefaultValue("0") @Min(0) int probes, @DefaultValue("10000") @Min(1) int ivfflatMinRows,
			@DefaultValue("1GB") @NotNull DataSize buildMemory, @DefaultValue("true") boolean createOnStartup) {

		/** The build-time half, for the vector feature's index manager. */
		IndexSettings build() {
			return new IndexSettings(this.type, this.m, this.efConstruction, this.lists, this.probes,
					this.ivfflatMinRows, this.buildMemory, this.createOnStartup);
		}

	}

	/**
	 * The blended score is
	 * {@code similarity * cos' + genre-overlap * jaccard' + popularity * prior +
	 * rating * bayesian/10}, where {@code cos'} and {@code jaccard'} are rescaled within
	 * the candidate pool ({@code poolScale}); docs/recommendations.md tells how the
	 * defaults were chosen (the relevance bench's grid). A request may replace any weight
	 * ({@code weights=popularity:0.3}).
	 *
	 * @param similarity weight of the similarity to the query (cosine, or the strategy's
	 * match score)
	 * @param genreOverlap weight of the genre overlap (Jaccard) with the query's genres
	 * @param popularity weight of the popularity prior: log-scaled likes and downloads,
	 * normalised over the catalogue ({@link CataloguePriors})
	 * @param rating weight of the Bayesian rating, with likes as votes
	 * @param priorVotes the Bayesian prior's weight, in likes
	 * @param priorRating the rating a movie without likes is assumed to have
	 * @param candidatePoolSize how many nearest movies are re-ranked (at least offset +
	 * limit)
	 * @param defaultDiversity MMR diversity used when a request does not ask (0 = off)
	 * @param strategy how several examples make one query when a request does not say
	 * @param priorsMaxAge how long the catalogue's popularity normaliser is kept at most;
	 * an import on this instance refreshes it at once, this bounds how stale it gets
	 * after imports elsewhere
	 * @param poolScale how the similarity and the genre overlap are rescaled within the
	 * candidate pool before they are blended with the priors ({@code min-max} by default,
	 * {@code rank}, or {@code none} for the raw cosine)
	 */
	public record Ranking(@DefaultValue("0.6") @DecimalMin("0") @DecimalMax("1") double similarity,
			@DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double genreOverlap,
			@DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double popularity,
			@DefaultValue("0.1") @DecimalMin("0") @DecimalMax("1") double rating,
			@DefaultValue("100") @Min(0) int priorVotes,
			@DefaultValue("6.0") @DecimalMin("0") @DecimalMax("10") double priorRating,
			@DefaultValue("100") @Min(1) @Max(1000) int candidatePoolSize,
			@DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double defaultDiversity,
			@DefaultValue("average") @NotNull Strategy strategy, @DefaultValue("10m") @NotNull Duration priorsMaxAge,
			@DefaultValue("min-max") @NotNull PoolScale poolScale) {

		RankingWeights weights() {
			return new RankingWeights(this.similarity, this.genreOverlap, this.popularity, this.rating);
		}

	}

	/**
	 * Hybrid retrieval for free text: the full-text matches and the vector neighbours are
	 * fused by reciprocal rank fusion, {@code sum(weight / (k + rank))}.
	 *
	 * @param enabled whether text queries also search the full text (title, description,
	 * cast)
	 * @param rrfK the RRF constant: larger values flatten the difference between ranks
	 * @param vectorWeight weight of a movie's rank among the vector neighbours
	 * @param textWeight weight of a movie's rank among the full-text matches
	 * @param textCandidates how many full-text matches take part
	 * @param minTextMatch the share of the text's weight (its words weighted by inverse
	 * document frequency) a movie's document must hold to count as a full-text match: 0
	 * lets any one shared word in
	 * @param minTextMatchOfBest the share of the best full-text match's weight a match
	 * must hold too: when one movie holds the whole text, movies holding only one of its
	 * words ("La" of "La La Land") are not matches
	 */
	public record Hybrid(@DefaultValue("true") boolean enabled, @DefaultValue("60") @Min(1) @Max(1000) int rrfK,
			@DefaultValue("1") @DecimalMin("0") @DecimalMax("10") double vectorWeight,
			@DefaultValue("1") @DecimalMin("0") @DecimalMax("10") double textWeight,
			@DefaultValue("50") @Min(1) @Max(1000) int textCandidates,
			@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double minTextMatch,
			@DefaultValue("0.7") @DecimalMin("0") @DecimalMax("1") double minTextMatchOfBest) {
	}

	/**
	 * How the similarity and the genre overlap are made comparable with the priors (which
	 * span 0..1) before blending.
	 */
	public enum PoolScale {

		/** The raw cosine and Jaccard. */
		NONE,
		/** 1 for the pool's highest value, 0 for its lowest, linear between. */
		MIN_MAX,
		/** The share of the pool with a lower value (a percentile rank). */
		RANK

	}

}
