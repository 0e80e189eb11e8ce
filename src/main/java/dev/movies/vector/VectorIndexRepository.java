package dev.movies.vector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.util.unit.DataSize;

/**
 * DDL for the vector index. Index builds run {@code CONCURRENTLY}, so searches and the
 * backfill's writes go on while a build runs; one build at a time in the whole cluster
 * (an advisory lock).
 */
@Repository
class VectorIndexRepository {

	/** How often a caller that waits for the build lock asks for it again. */
	private static final Duration LOCK_POLL = Duration.ofMillis(100);

	/** The advisory lock key of index builds: any constant unique to this purpose. */
	static final long BUILD_LOCK = 0x6d6f7669655f6978L;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final DataSource dataSource;

	VectorIndexRepository(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource) {
		this.jdbc = jdbc;
		this.template = template;
		this.dataSource = dataSource;
	}

	List<VectorIndex> indexes() {
		return this.jdbc.sql("""
				SELECT c.relname AS name, am.amname AS method, opc.opcname AS opclass,
				       coalesce(c.reloptions, '{}') AS options, i.indisvalid AS valid,
				       pg_relation_size(c.oid) AS size_bytes
				FROM pg_index i
				JOIN pg_class c ON c.oid = i.indexrelid
				JOIN pg_am am ON am.oid = c.relam
				JOIN pg_opclass opc ON opc.oid = i.indclass[0]
				WHERE i.indrelid = 'movie_embeddings'::regclass AND am.amname IN ('hnsw', 'ivfflat')
				ORDER BY c.relname
				""")
			.query((rs, rowNum) -> new VectorIndex(rs.getString("name"), rs.getString("method"),
					rs.getString("opclass"), Arrays.asList((String[]) rs.getArray("options").getArray()),
					rs.getBoolean("valid"), rs.getLong("size_bytes")))
			.list();
	}

	long countVectors() {
		return this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single();
	}

	/**
	 * Runs {@code work} holding the cluster-wide build lock (a session advisory lock on a
	 * connection of its own): waiting for it, or giving up at once and answering empty
	 * when a build runs.
	 */
	<T> Optional<T> withBuildLock(boolean wait, Supplier<T> work) {
		try (Connection lockConnection = this.dataSource.getConnection()) {
			lockConnection.setAutoCommit(true);
			if (!advisoryLock(lockConnection, wait)) {
				return Optional.empty();
			}
			try {
				return Optional.of(work.get());
			}
			finally {
				try (PreparedStatement unlock = lockConnection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
					unlock.setLong(1, BUILD_LOCK);
					unlock.execute();
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not take the index build lock", ex);
		}
	}

	/**
	 * Waiting polls {@code pg_try_advisory_lock} instead of blocking in
	 * {@code pg_advisory_lock}: a session blocked in a statement keeps its snapshot, and
	 * the holder's {@code CREATE INDEX CONCURRENTLY} waits for every older snapshot, on
	 * another connection, so PostgreSQL would see no cycle and both would wait forever.
	 */
	private static boolean advisoryLock(Connection connection, boolean wait) throws SQLException {
		try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
			lock.setLong(1, BUILD_LOCK);
			while (true) {
				try (ResultSet rs = lock.executeQuery()) {
					if (rs.next() && rs.getBoolean(1)) {
						return true;
					}
				}
				if (!wait) {
					return false;
				}
				try {
					Thread.sleep(LOCK_POLL.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
	}

	/**
	 * {@code CREATE INDEX CONCURRENTLY name ON movie_embeddings USING <method> (embedding <opclass>)
	 * WITH (<storage>)}. The method, opclass and storage parameters come from
	 * configuration enums and integers, never from a request.
	 * {@code maintenance_work_mem} is raised for this session only and reset before the
	 * connection goes back to the pool.
	 */
	void createConcurrently(String name, String method, String opclass, String storage, DataSize buildMemory) {
		this.template.execute((Connection connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET maintenance_work_mem = '%dkB'".formatted(buildMemory.toKilobytes()));
				try {
					statement
						.execute("CREATE INDEX CONCURRENTLY %s ON movie_embeddings USING %s (embedding %s) WITH (%s)"
							.formatted(name, method, opclass, storage));
				}
				finally {
					statement.execute("RESET maintenance_work_mem");
				}
			}
			return null;
		});
	}

	/**
	 * Puts a freshly built index in place of the old ones in one short transaction:
	 * searches see either the old index or the new one, never none.
	 */
	void replace(String built, String finalName, List<String> drop) {
		this.template.execute((Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				// DROP INDEX briefly takes an exclusive lock: fail rather than queue
				// searches behind it for long
				statement.execute("SET LOCAL lock_timeout = '10s'");
				for (String name : drop) {
					statement.execute("DROP INDEX IF EXISTS " + name);
				}
				if (!built.equals(finalName)) {
					statement.execute("ALTER INDEX %s RENAME TO %s".formatted(built, finalName));
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
			return null;
		});
	}

	void dropConcurrently(String name) {
		this.template.execute("DROP INDEX CONCURRENTLY IF EXISTS " + name);
	}

	long sizeBytes(String name) {
		return this.jdbc.sql("SELECT pg_relation_size(to_regclass(:name))")
			.param("name", name)
			.query(Long.class)
			.single();
	}

}
