package dev.movies.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.movies.embedding.EmbeddingModel;

/**
 * The catalogue's embedding space in two dimensions, for the web page's map: every
 * embedded movie's coordinates on the two principal axes of the vectors, with its title,
 * year and a colour genre.
 * <p>
 * Computed once per catalogue state and kept in memory. A request never waits for a
 * computation: when the catalogue changed, the previous map is served while the new one
 * is computed in the background, and before the first map exists the answer says it is
 * being computed. Over 250 lines: the cache's states and their answers change together
 * (the maths is in Projection, the SQL in CatalogueOverviewRepository).
 */
@Service
class CatalogueMap {

	private static final Logger log = LoggerFactory.getLogger(CatalogueMap.class);

	/**
	 * Coordinates are sent as integers on this grid: a canvas has far fewer pixels, JSON
	 * gets short.
	 */
	static final int GRID = 10_000;

	/**
	 * Outliers beyond these quantiles are pinned to the edge, so a few strays don't
	 * squash the rest.
	 */
	private static final double LOW_QUANTILE = 0.002;

	private static final double HIGH_QUANTILE = 0.998;

	private final CatalogueOverviewRepository repository;

	private final EmbeddingModel model;

	private final MapProperties properties;

	private final TaskExecutor executor;

	private final TransactionTemplate readOnly;

	private final AtomicBoolean computing = new AtomicBoolean();

	private volatile MapSnapshot current;

	private volatile String failure;

	private volatile String checkedState;

	private volatile long checkedAt;

	CatalogueMap(CatalogueOverviewRepository repository, EmbeddingModel model, MapProperties properties,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor, TransactionTemplate transactions) {
		this.repository = repository;
		this.model = model;
		this.properties = properties;
		this.executor = executor;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
	}

	/**
	 * What the page can draw now; starts a computation when the catalogue changed since
	 * the last one.
	 */
	MapAnswer current() {
		String state = catalogueState();
		MapSnapshot snapshot = this.current;
		boolean fresh = snapshot != null && snapshot.state().equals(state);
		if (!fresh) {
			startComputation(state);
		}
		if (snapshot != null) {
			return new MapAnswer(fresh ? MapAnswer.READY : MapAnswer.REFRESHING, snapshot, null);
		}
		String failed = this.failure;
		return new MapAnswer(failed != null && !this.computing.get() ? MapAnswer.FAILED : MapAnswer.COMPUTING, null,
				failed);
	}

	/**
	 * Asks the database at most once per {@code freshness-check} whether anything
	 * changed.
	 */
	private String catalogueState() {
		long now = System.nanoTime();
		String state = this.checkedState;
		if (state == null || now - this.checkedAt > this.properties.freshnessCheck().toNanos()) {
			state = this.model.name() + "|" + this.repository.catalogueState(this.model.name());
			this.checkedState = state;
			this.checkedAt = now;
		}
		return state;
	}

	private void startComputation(String state) {
		if (!this.computing.compareAndSet(false, true)) {
			return;
		}
		this.executor.execute(() -> {
			try {
				this.current = compute(state);
				this.failure = null;
			}
			catch (RuntimeException ex) {
				log.warn("Catalogue map could not be computed", ex);
				this.failure = "The map could not be computed: " + ex.getMessage();
			}
			finally {
				this.computing.set(false);
			}
		});
	}

	/**
	 * Reads every vector once (twice when the catalogue is larger than the fit sample).
	 */
	MapSnapshot compute(String state) {
		long started = System.nanoTime();
		String modelName = this.model.name();
		int sampleSize = this.properties.fitSample();
		List<Long> ids = new ArrayList<>();
		List<String> titles = new ArrayList<>();
		List<Integer> years = new ArrayList<>();
		List<List<String>> genres = new ArrayList<>();
		List<float[]> sample = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(7);
		this.readOnly.executeWithoutResult((tx) -> this.repository.streamVectors(modelName, true, (row) -> {
			ids.add(row.id());
			titles.add(row.title());
			years.add(row.year());
			genres.add(row.genres());
			// Reservoir sampling: a uniform sample of a stream of unknown length, in one
			// pass.
			if (sample.size() < sampleSize) {
				sample.add(row.vector());
			}
			else {
				long slot = random.nextLong(ids.size());
				if (slot < sampleSize) {
					sample.set((int) slot, row.vector());
				}
			}
		}));
		int n = ids.size();
		double[] xs = new double[n];
		double[] ys = new double[n];
		if (n > 0) {
			Projection projection = Projection.fit(sample);
			if (n <= sampleSize) {
				// The sample is the whole catalogue, in order: no second read.
				for (int i = 0; i < n; i++) {
					double[] point = projection.project(sample.get(i));
					xs[i] = point[0];
					ys[i] = point[1];
				}
			}
			else {
				long[] order = ids.stream().mapToLong(Long::longValue).toArray();
				this.readOnly.executeWithoutResult((tx) -> this.repository.streamVectors(modelName, false, (row) -> {
					// Ids are sorted; a movie embedded between the two reads is not on
					// this map yet.
					int i = Arrays.binarySearch(order, row.id());
					if (i >= 0) {
						double[] point = projection.project(row.vector());
						xs[i] = point[0];
						ys[i] = point[1];
					}
				}));
			}
		}
		Palette palette = Palette.of(genres, this.properties.colouredGenres());
		long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
		int[] genreIndex = new int[n];
		for (int i = 0; i < n; i++) {
			genreIndex[i] = palette.indexOf(genres.get(i));
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		log.info("Catalogue map computed: {} movies of model {} in {} ms", n, modelName, millis);
		return new MapSnapshot(state, modelName, Instant.now(), millis, idArray, toGrid(xs), toGrid(ys), genreIndex,
				palette.names(), titles.toArray(String[]::new), years.toArray(Integer[]::new));
	}

	static int[] toGrid(double[] values) {
		int[] grid = new int[values.length];
		if (values.length == 0) {
			return grid;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double low = sorted[(int) Math.floor(LOW_QUANTILE * (sorted.length - 1))];
		double high = sorted[(int) Math.ceil(HIGH_QUANTILE * (sorted.length - 1))];
		double span = (high > low) ? high - low : 1;
		for (int i = 0; i < values.length; i++) {
			double unit = Math.clamp((values[i] - low) / span, 0, 1);
			grid[i] = (int) Math.round(unit * GRID);
		}
		return grid;
	}

	/**
	 * The genres that get a colour: the most frequent ones. A movie takes the rarest of
	 * its coloured genres, so "Drama, Sci-Fi" shows as Sci-Fi and the map is not one
	 * colour of Drama.
	 */
	record Palette(List<String> names, Map<String, Integer> index) {

		static Palette of(List<List<String>> genresPerMovie, int coloured) {
			Map<String, Integer> counts = new HashMap<>();
			Map<String, String> display = new HashMap<>();
			for (List<String> genres : genresPerMovie) {
				for (String genre : genres) {
					String key = key(genre);
					if (!key.isEmpty()) {
						counts.merge(key, 1, Integer::sum);
						display.putIfAbsent(key, genre.strip());
					}
				}
			}
			List<String> keys = counts.keySet()
				.stream()
				.sorted((a, b) -> (!counts.get(a).equals(counts.get(b))) ? counts.get(b) - counts.get(a)
						: a.compareTo(b))
				.limit(coloured)
				.toList();
			List<String> names = new ArrayList<>();
			Map<String, Integer> index = new HashMap<>();
			for (String key : keys) {
				index.put(key, names.size());
				names.add(display.get(key));
			}
			names.add("Other");
			return new Palette(List.copyOf(names), Map.copyOf(index));
		}

		int indexOf(List<String> genres) {
			int best = -1;
			for (String genre : genres) {
				Integer i = this.index.get(key(genre));
				if (i != null && i > best) {
					best = i;
				}
			}
			return (best >= 0) ? best : this.names.size() - 1;
		}

		private static String key(String genre) {
			return (genre == null) ? "" : genre.strip().toLowerCase(Locale.ROOT);
		}

	}

	/** One computed map; arrays are parallel, one entry per movie, in id order. */
	record MapSnapshot(String state, String model, Instant computedAt, long computeMillis, long[] ids, int[] x, int[] y,
			int[] genre, List<String> genres, String[] titles, Integer[] years) {

		/**
		 * Weak: Tomcat does not gzip a response with a strong ETag, and the map
		 * compresses 4x.
		 */
		String etag() {
			return "W/\"map-" + Integer.toHexString(this.state.hashCode()) + "-" + this.computedAt.toEpochMilli()
					+ "\"";
		}

	}

	/**
	 * A map request's answer: the map if one exists, and whether a newer one is on its
	 * way.
	 */
	record MapAnswer(String status, MapSnapshot snapshot, String failure) {

		static final String READY = "ready";

		static final String REFRESHING = "refreshing";

		static final String COMPUTING = "computing";

		static final String FAILED = "failed";

	}

}
