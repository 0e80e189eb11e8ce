package dev.movies.vector;

import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/** {@link MovieVectors} in SQL. */
@Repository
class MovieVectorRepository implements MovieVectors {

	private final NamedParameterJdbcTemplate batch;

	MovieVectorRepository(NamedParameterJdbcTemplate batch) {
		this.batch = batch;
	}

	/**
	 * Vectors go in as {@code real[]}, which pgjdbc sends in binary, and are cast to
	 * {@code vector} in SQL: a {@code PGvector} parameter travels as text, and printing
	 * and parsing 768 floats per movie was the largest cost of a backfill with a fast
	 * model (4,100 vs 5,200 movies/s). A {@code halfvec} column takes the cast's result
	 * by assignment.
	 */
	@Override
	public void save(String model, List<NewVector> vectors) {
		if (vectors.isEmpty()) {
			return;
		}
		SqlParameterSource[] rows = vectors.stream()
			.map((v) -> new MapSqlParameterSource().addValue("movieId", v.movieId())
				.addValue("embedding", v.vector())
				.addValue("model", model)
				.addValue("textHash", v.textHash()))
			.toArray(SqlParameterSource[]::new);
		int[] counts = this.batch.batchUpdate("""
				INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash, embedded_at)
				VALUES (:movieId, CAST(:embedding AS vector), :model, :textHash, now())
				ON CONFLICT (movie_id) DO UPDATE
				SET embedding = EXCLUDED.embedding, model = EXCLUDED.model, text_hash = EXCLUDED.text_hash,
				    embedded_at = EXCLUDED.embedded_at
				""", rows);
		if (counts.length != rows.length) {
			throw new IllegalStateException("Stored %d of %d embeddings".formatted(counts.length, rows.length));
		}
	}

}
