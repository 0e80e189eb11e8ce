package dev.movies.embedding;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.movies.movie.Movie;
import dev.movies.movie.MovieRows;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the backfill: the cluster-wide job row, its to-do list and failures (the
 * vectors themselves are stored through {@link dev.movies.vector.MovieVectors}). Over 250
 * lines because it is mostly SQL text blocks, each used once, on three tables that a
 * page's one transaction changes together.
 */
@Repository
class EmbeddingJobRepository {

	private static final String JOB_COLUMNS = """
			id, state, force, model, total, processed, succeeded, skipped, failed, retries, last_error,
			started_at, finished_at, extract(epoch FROM coalesce(finished_at, now()) - started_at) AS elapsed_seconds
			""";

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	private final RowMapper<PageMovie> pageMovieMapper;

	EmbeddingJobRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch, MovieRows movies) {
		this.jdbc = jdbc;
		this.batch = batch;
		RowMapper<Movie> movieMapper = movies.mapper();
		this.pageMovieMapper = (rs, rowNum) -> new PageMovie(movieMapper.mapRow(rs, rowNum),
				rs.getString("embedded_model"), rs.getBytes("text_hash"));
	}

	/**
	 * Inserts a running job unless one runs already (the partial unique index decides,
	 * cluster-wide).
	 */
	Optional<Long> insertRunningJob(boolean force, String model) {
		return this.jdbc.sql("""
				INSERT INTO embedding_jobs (state, force, model)
				SELECT 'running', :force, :model
				WHERE NOT EXISTS (SELECT 1 FROM embedding_jobs WHERE state = 'running') -- keeps ids gapless
				ON CONFLICT DO NOTHING
				RETURNING id
				""").param("force", force).param("model", model).query(Long.class).optional();
	}

	/**
	 * Writes the job's to-do list: every movie of the catalogue as it is now. Returns how
	 * many.
	 */
	int insertWork(long jobId) {
		this.jdbc.sql("DELETE FROM embedding_work WHERE job_id <> :jobId").param("jobId", jobId).update();
		int total = this.jdbc.sql("INSERT INTO embedding_work (job_id, movie_id) SELECT :jobId, id FROM movies")
			.param("jobId", jobId)
			.update();
		this.jdbc.sql("UPDATE embedding_jobs SET total = :total WHERE id = :jobId")
			.param("total", total)
			.param("jobId", jobId)
			.update();
		return total;
	}

	Optional<JobRow> latest() {
		return this.jdbc.sql("SELECT " + JOB_COLUMNS + " FROM embedding_jobs ORDER BY id DESC LIMIT 1")
			.query(JobRow.class)
			.optional();
	}

	Optional<JobRow> find(long jobId) {
		return this.jdbc.sql("SELECT " + JOB_COLUMNS + " FROM embedding_jobs WHERE id = :jobId")
			.param("jobId", jobId)
			.query(JobRow.class)
			.optional();
	}

	Optional<Long> runningJobId() {
		return this.jdbc.sql("SELECT id FROM embedding_jobs WHERE state = 'running'").query(Long.class).optional();
	}

	/**
	 * Claims up to {@code limit} movies of a running job that nobody holds (or whose
	 * holder let the lease run out). SKIP LOCKED lets instances claim side by side
	 * without waiting for each other.
	 */
	List<Long> claim(long jobId, UUID token, int limit, Duration lease) {
		return this.jdbc.sql("""
				UPDATE embedding_work w
				SET claim_token = :token, lease_until = now() + make_interval(secs => :leaseSeconds)
				WHERE w.job_id = :jobId
				  AND w.movie_id IN (
				      SELECT movie_id FROM embedding_work
				      WHERE job_id = :jobId AND (lease_until IS NULL OR lease_until < now())
				        AND EXISTS (SELECT 1 FROM embedding_jobs WHERE id = :jobId AND state = 'running')
				      ORDER BY movie_id
				      LIMIT :limit
				      FOR UPDATE SKIP LOCKED)
				RETURNING w.movie_id
				""")
			.param("token", token)
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.param("jobId", jobId)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	int renewLeases(Collection<UUID> tokens, Duration lease) {
		if (tokens.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				UPDATE embedding_work SET lease_until = now() + make_interval(secs => :leaseSeconds)
				WHERE claim_token = ANY (:tokens)
				""")
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.param("tokens", tokens.toArray(UUID[]::new))
			.update();
	}

	/**
	 * Hands a page back at once (its model call failed), instead of waiting for the lease
	 * to run out.
	 */
	void releaseClaim(UUID token) {
		this.jdbc.sql("UPDATE embedding_work SET claim_token = NULL, lease_until = NULL WHERE claim_token = :token")
			.param("token", token)
			.update();
	}

	List<PageMovie> readPage(List<Long> movieIds) {
		return this.jdbc.sql("SELECT " + MovieRows.COLUMNS + """
				, e.model AS embedded_model, e.text_hash
				FROM movies m
				LEFT JOIN movie_embeddings e ON e.movie_id = m.id
				WHERE m.id = ANY (:ids)
				""").param("ids", movieIds.toArray(Long[]::new)).query(this.pageMovieMapper).list();
	}

	/**
	 * A page's commit need not wait for the WAL flush: the transaction stays atomic, and
	 * a page lost in a database crash is lost together with its removal from the to-do
	 * list, so it is redone. Spares one disk flush per page, which the job row's lock
	 * would otherwise serialise.
	 */
	void commitWithoutWaitingForDisk() {
		this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
	}

	/**
	 * Takes the page off the to-do list and returns the movies that were still this
	 * claim's: a movie whose lease ran out and went to another instance is not returned,
	 * so only one instance ever stores its vector.
	 */
	Set<Long> completeClaim(UUID token) {
		return new HashSet<>(this.jdbc.sql("DELETE FROM embedding_work WHERE claim_token = :token RETURNING movie_id")
			.param("token", token)
			.query(Long.class)
			.list());
	}

	void clearFailures(Collection<Long> movieIds) {
		if (movieIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("DELETE FROM embedding_failures WHERE movie_id = ANY (:ids)")
			.param("ids", movieIds.toArray(Long[]::new))
			.update();
	}

	void saveFailures(long jobId, String model, List<Failure> failures) {
		if (failures.isEmpty()) {
			return;
		}
		SqlParameterSource[] rows = failures.stream()
			.map((f) -> new MapSqlParameterSource().addValue("movieId", f.movieId())
				.addValue("jobId", jobId)
				.addValue("model", model)
				.addValue("reason", f.reason()))
			.toArray(SqlParameterSource[]::new);
		this.batch.batchUpdate("""
				INSERT INTO embedding_failures (movie_id, job_id, model, reason)
				VALUES (:movieId, :jobId, :model, :reason)
				ON CONFLICT (movie_id) DO UPDATE
				SET job_id = EXCLUDED.job_id, model = EXCLUDED.model, reason = EXCLUDED.reason,
				    attempts = embedding_failures.attempts + 1, failed_at = now()
				""", rows);
	}

	List<Failure> failures() {
		return this.jdbc.sql("SELECT movie_id, reason FROM embedding_failures ORDER BY movie_id")
			.query(Failure.class)
			.list();
	}

	void addProgress(long jobId, int succeeded, int skipped, int failed) {
		this.jdbc.sql("""
				UPDATE embedding_jobs
				SET processed = processed + :succeeded + :skipped + :failed, succeeded = succeeded + :succeeded,
				    skipped = skipped + :skipped, failed = failed + :failed, updated_at = now()
				WHERE id = :jobId
				""")
			.param("succeeded", succeeded)
			.param("skipped", skipped)
			.param("failed", failed)
			.param("jobId", jobId)
			.update();
	}

	/**
	 * Counts a retry and shows its reason; false when the job stopped running meanwhile.
	 */
	boolean recordRetry(long jobId, String error) {
		return this.jdbc.sql("""
				UPDATE embedding_jobs SET retries = retries + 1, last_error = :error, updated_at = now()
				WHERE id = :jobId AND state = 'running'
				""").param("error", error).param("jobId", jobId).update() == 1;
	}

	/**
	 * Marks the job completed when its to-do list is empty; true for the one caller that
	 * did.
	 */
	boolean completeIfDone(long jobId) {
		return this.jdbc.sql("""
				UPDATE embedding_jobs SET state = 'completed', finished_at = now(), updated_at = now(),
				    total = processed
				WHERE id = :jobId AND state = 'running'
				  AND NOT EXISTS (SELECT 1 FROM embedding_work WHERE job_id = :jobId)
				""").param("jobId", jobId).update() == 1;
	}

	boolean fail(long jobId, String error) {
		return this.jdbc.sql("""
				UPDATE embedding_jobs SET state = 'failed', finished_at = now(), updated_at = now(), last_error = :error
				WHERE id = :jobId AND state = 'running'
				""").param("error", error).param("jobId", jobId).update() == 1;
	}

	/** Cancels the running job, if any; instances stop at their next page. */
	Optional<Long> cancelRunning() {
		return this.jdbc.sql("""
				UPDATE embedding_jobs SET state = 'cancelled', finished_at = now(), updated_at = now()
				WHERE state = 'running'
				RETURNING id
				""").query(Long.class).optional();
	}

	boolean isRunning(long jobId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM embedding_jobs WHERE id = :jobId AND state = 'running')")
			.param("jobId", jobId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * A job row with its elapsed time measured by the database clock, the same for every
	 * instance.
	 */
	record JobRow(long id, String state, boolean force, String model, long total, long processed, long succeeded,
			long skipped, long failed, long retries, String lastError, OffsetDateTime startedAt,
			OffsetDateTime finishedAt, double elapsedSeconds) {
	}

	/** A claimed movie with what its stored vector (if any) was made from. */
	record PageMovie(Movie movie, String embeddedModel, byte[] textHash) {
	}

	record Failure(long movieId, String reason) {
	}

}
