package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import com.pgvector.PGvector;
import dev.movies.embedding.HashingEmbeddingModel;
import dev.movies.vector.VectorIndex;
import dev.movies.vector.VectorIndexManager;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A seeded test catalogue with vectors written straight into {@code movie_embeddings},
 * and the exact nearest-neighbour computation in Java the search is checked against.
 */
public class VectorCatalogue {

	static final int DIMENSION = 384;

	static final String RARE_GENRE = "Film-Noir";

	private static final String[] GENRES = { "Action", "Drama", "Comedy", "Thriller", "Horror", "Romance", "Sci-Fi",
			"Animation" };

	private final JdbcClient jdbc;

	private final String model;

	private final Random random = new Random(42);

	private final List<TestMovie> movies = new ArrayList<>();

	/**
	 * @param model the model name stored beside each vector: the service compares only
	 * vectors of its configured model
	 */
	public VectorCatalogue(JdbcClient jdbc, String model) {
		this.jdbc = jdbc;
		this.model = model;
	}

	/**
	 * {@code count} movies in 20 clusters (like real embeddings, which are far from
	 * uniform); 1% of them carry {@link #RARE_GENRE}; one in ten is in French.
	 */
	public VectorCatalogue generate(int count) {
		float[][] centres = new float[20][];
		for (int k = 0; k < centres.length; k++) {
			centres[k] = randomUnit();
		}
		List<TestMovie> drawn = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int cluster = i % centres.length;
			float[] vector = near(centres[cluster], 0.8);
			List<String> genres = new ArrayList<>(List.of(GENRES[cluster % GENRES.length]));
			String second = GENRES[this.random.nextInt(GENRES.length)];
			if (!genres.contains(second)) {
				genres.add(second);
			}
			if (i % 100 == 37) {
				genres.add(RARE_GENRE);
			}
			drawn.add(new TestMovie(0, 100_000 + this.movies.size() + i, "Movie %04d".formatted(i),
					1950 + this.random.nextInt(71), Math.round(this.random.nextDouble() * 90 + 10) / 10.0,
					this.random.nextInt(5000), genres, i % 10 == 3 ? "fr" : "en", vector));
		}
		insert(drawn);
		return this;
	}

	TestMovie add(String title, int year, double rating, int likes, List<String> genres, String language,
			float[] vector) {
		return insert(List
			.of(new TestMovie(0, 100_000 + this.movies.size(), title, year, rating, likes, genres, language, vector)))
			.get(0);
	}

	/**
	 * Stores the movies, and the vectors of those that have one, in one statement per
	 * table (a thousand single-row inserts made up most of a test's time), in order, so
	 * ids are given as one insert each would give them.
	 */
	private List<TestMovie> insert(List<TestMovie> drawn) {
		List<Long> ids = this.jdbc
			.sql("""
					WITH inserted AS (
					    INSERT INTO movies (external_id, title, year, rating, genres, language, like_count, description_full)
					    SELECT external_id, title, year, rating, string_to_array(genres, '|'), language, likes, title
					    FROM unnest(:externalIds::bigint[], :titles::text[], :years::int[], :ratings::float8[],
					                :genres::text[], :languages::text[], :likes::int[])
					         WITH ORDINALITY AS m(external_id, title, year, rating, genres, language, likes, n)
					    ORDER BY n
					    RETURNING id, external_id)
					SELECT id FROM inserted ORDER BY external_id
					""")
			.param("externalIds", drawn.stream().mapToLong(TestMovie::externalId).toArray())
			.param("titles", drawn.stream().map(TestMovie::title).toArray(String[]::new))
			.param("years", drawn.stream().mapToInt(TestMovie::year).toArray())
			.param("ratings", drawn.stream().mapToDouble(TestMovie::rating).toArray())
			.param("genres", drawn.stream().map((m) -> String.join("|", m.genres())).toArray(String[]::new))
			.param("languages", drawn.stream().map(TestMovie::language).toArray(String[]::new))
			.param("likes", drawn.stream().mapToInt(TestMovie::likes).toArray())
			.query(Long.class)
			.list();
		List<TestMovie> inserted = new ArrayList<>(drawn.size());
		for (int i = 0; i < drawn.size(); i++) {
			TestMovie m = drawn.get(i);
			inserted.add(new TestMovie(ids.get(i), m.externalId(), m.title(), m.year(), m.rating(), m.likes(),
					m.genres(), m.language(), m.vector()));
		}
		List<TestMovie> embedded = inserted.stream().filter((m) -> m.vector() != null).toList();
		if (!embedded.isEmpty()) {
			this.jdbc.sql("""
					INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash)
					SELECT id, embedding::vector, :model, '\\x00'
					FROM unnest(:ids::bigint[], :embeddings::text[]) AS e(id, embedding)
					""")
				.param("ids", embedded.stream().mapToLong(TestMovie::id).toArray())
				.param("embeddings",
						embedded.stream().map((m) -> new PGvector(m.vector()).toString()).toArray(String[]::new))
				.param("model", this.model)
				.update();
		}
		this.movies.addAll(inserted);
		return inserted;
	}

	/**
	 * A large catalogue in bulk: the indexes dropped, {@code insertMovies} run, a random
	 * unit vector stored for every movie, the configured index built once over all of
	 * them (much faster than as many inserts into it) and the tables analyzed.
	 */
	void bulk(VectorIndexManager indexes, String insertMovies) {
		for (VectorIndex index : indexes.indexes()) {
			this.jdbc.sql("DROP INDEX " + index.name()).update();
		}
		this.jdbc.sql(insertMovies).update();
		this.jdbc.sql("""
				INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash)
				SELECT m.id, l2_normalize(ARRAY(SELECT random() - 0.5 FROM generate_series(1, 384)
				                                WHERE m.id > 0)::vector), :model, '\\x00'
				FROM movies m
				""").param("model", this.model).update();
		indexes.ensureConfiguredIndex();
		analyze();
	}

	public void analyze() {
		this.jdbc.sql("ANALYZE movies").update();
		this.jdbc.sql("ANALYZE movie_embeddings").update();
	}

	List<TestMovie> movies() {
		return this.movies;
	}

	/**
	 * The exact answer: embedded movies passing the filter, by inner product with the
	 * query, ties by id.
	 */
	List<TestMovie> nearest(float[] query, Predicate<TestMovie> filter) {
		return this.movies.stream()
			.filter((m) -> m.vector() != null)
			.filter(filter)
			.sorted(Comparator.comparingDouble((TestMovie m) -> -dot(query, m.vector()))
				.thenComparingLong(TestMovie::id))
			.toList();
	}

	float[] randomUnit() {
		float[] vector = new float[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			vector[i] = (float) this.random.nextGaussian();
		}
		return normalise(vector);
	}

	/**
	 * A unit vector around {@code centre}, with noise of about {@code spread} in length.
	 */
	float[] near(float[] centre, double spread) {
		float[] vector = new float[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			vector[i] = (float) (centre[i] + this.random.nextGaussian() * spread / Math.sqrt(DIMENSION));
		}
		return normalise(vector);
	}

	static float[] normalise(float[] vector) {
		return HashingEmbeddingModel.normalise(vector);
	}

	static double dot(float[] a, float[] b) {
		return Ranker.dot(a, b);
	}

	/** The distance pgvector reports for the metric, computed in Java. */
	static double distance(DistanceMetric metric, float[] a, float[] b) {
		return switch (metric) {
			case COSINE -> 1 - dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
			case INNER_PRODUCT -> -dot(a, b);
			case L2 -> {
				double sum = 0;
				for (int i = 0; i < a.length; i++) {
					double d = a[i] - b[i];
					sum += d * d;
				}
				yield Math.sqrt(sum);
			}
		};
	}

	record TestMovie(long id, long externalId, String title, int year, double rating, int likes, List<String> genres,
			String language, float[] vector) {

		boolean hasGenre(String genre) {
			return this.genres.stream().anyMatch(genre::equalsIgnoreCase);
		}

	}

}
