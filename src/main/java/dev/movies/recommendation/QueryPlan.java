package dev.movies.recommendation;

/**
 * How one nearest-neighbour query runs: how many rows, and either an exact scan or an
 * approximate index scan with these per-transaction settings.
 *
 * @param rows the candidates to fetch
 * @param exact whether to skip the vector index (index scans disabled for the
 * transaction)
 * @param efSearch hnsw.ef_search, at least {@code rows} (capped at pgvector's 1000;
 * iterative scans go further)
 * @param maxScanTuples hnsw.max_scan_tuples: the budget of an iterative scan
 * @param probes ivfflat.probes
 * @param withVectors whether to load the candidates' vectors (for MMR)
 * @param withMovies whether to load the candidates' full rows in the same statement (the
 * page itself, when nothing re-ranks it)
 * @param inOrder whether the rows are the page in their order of distance: the HNSW scan
 * then keeps strict order ({@code hnsw.iterative_scan = strict_order}), where a pool that
 * is re-ranked anyway takes the relaxed order's better recall
 */
record QueryPlan(int rows, boolean exact, int efSearch, int maxScanTuples, int probes, boolean withVectors,
		boolean withMovies, boolean inOrder) {

	QueryPlan(int rows, boolean exact, int efSearch, int maxScanTuples, int probes, boolean withVectors) {
		this(rows, exact, efSearch, maxScanTuples, probes, withVectors, false, false);
	}

	/** The same query as an exact scan. */
	QueryPlan exactly() {
		return new QueryPlan(this.rows, true, this.efSearch, this.maxScanTuples, this.probes, this.withVectors,
				this.withMovies, this.inOrder);
	}

	/** The same query, loading the candidates' full rows too. */
	QueryPlan includingMovies() {
		return new QueryPlan(this.rows, this.exact, this.efSearch, this.maxScanTuples, this.probes, this.withVectors,
				true, this.inOrder);
	}

	/**
	 * The same query for a page in the order of distance, walked in strict order with a
	 * candidate list that does not depend on the page ({@code efSearch}): the search is
	 * the same for every page and its rows come out in order, so a page's rows are a
	 * prefix of the next page's and pages never repeat or skip a movie.
	 */
	QueryPlan inOrder(int efSearch) {
		return new QueryPlan(this.rows, this.exact, efSearch, this.maxScanTuples, this.probes, this.withVectors,
				this.withMovies, true);
	}

}
