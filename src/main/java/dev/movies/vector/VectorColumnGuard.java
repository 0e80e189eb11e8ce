package dev.movies.vector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import dev.movies.system.SetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Makes sure the {@code movie_embeddings.embedding} column holds vectors of
 * {@code EMBEDDING_DIMENSION} values in the {@code EMBEDDING_STORAGE} type, right after
 * Flyway migrated (so before anything reads or writes vectors). The column was typed from
 * the dimension configured when V1 ran; switching to a model of another dimension either
 * refuses to start with the way forward, or, with
 * {@code EMBEDDING_RESET_ON_DIMENSION_CHANGE=true}, drops the indexes on the column,
 * deletes the stored vectors and retypes the column. The next backfill then embeds every
 * movie (they all lack a vector), and {@link VectorIndexManager} builds the vector index
 * again at start-up. A change of storage alone (vector / halfvec) converts the stored
 * vectors in place.
 */
@Component
public class VectorColumnGuard implements Callback {

	private static final Logger log = LoggerFactory.getLogger(VectorColumnGuard.class);

	private static final Pattern VECTOR_TYPE = Pattern.compile("(vector|halfvec)\\((\\d+)\\)");

	private static final String COLUMN_TYPE = """
			SELECT format_type(a.atttypid, a.atttypmod)
			FROM pg_attribute a
			WHERE a.attrelid = to_regclass('movie_embeddings') AND a.attname = 'embedding' AND NOT a.attisdropped
			""";

	private static final String INDEXES_ON_COLUMN = """
			SELECT format('DROP INDEX %I.%I', n.nspname, i.relname)
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			JOIN pg_namespace n ON n.oid = i.relnamespace
			JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attname = 'embedding'
			WHERE x.indrelid = to_regclass('movie_embeddings') AND a.attnum = ANY (x.indkey)
			""";

	private final VectorColumn column;

	public VectorColumnGuard(VectorColumn column) {
		this.column = column;
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.AFTER_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		try {
			check(context.getConnection());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check the movie_embeddings.embedding column", ex);
		}
	}

	@Override
	public String getCallbackName() {
		return "embedding-dimension-check";
	}

	/**
	 * Compares the column with the configured dimension and storage: resets it when the
	 * dimension changed and that is allowed; converts the stored vectors when only the
	 * storage changed.
	 */
	public void check(Connection connection) throws SQLException {
		int wanted = this.column.dimension();
		String wantedType = this.column.type();
		String heldType = columnType(connection);
		if (heldType == null || heldType.equals(wantedType)) {
			return;
		}
		int held = dimensionOf(heldType);
		if (held == wanted) {
			convert(connection, heldType, wantedType);
			return;
		}
		if (!this.column.resetOnDimensionChange()) {
			throw new SetupException(
					("The movie_embeddings.embedding column holds %s but "
							+ "EMBEDDING_DIMENSION is %d (the size of the configured model's vectors).")
						.formatted(heldType, wanted),
					("To switch models, start once with EMBEDDING_RESET_ON_DIMENSION_CHANGE=true: the stored vectors "
							+ "are deleted, the column becomes %s and a backfill (POST /actuator/embeddings) "
							+ "re-embeds every movie. To keep the stored vectors, set EMBEDDING_DIMENSION=%d and the "
							+ "model that produced them.")
						.formatted(wantedType, held));
		}
		List<String> drops = dropIndexes(connection);
		try (Statement statement = connection.createStatement()) {
			long deleted = statement.executeUpdate("DELETE FROM movie_embeddings");
			// The type is built from a validated int and an enum, never from text from
			// outside.
			statement.execute("ALTER TABLE movie_embeddings ALTER COLUMN embedding TYPE " + wantedType);
			log.warn("EMBEDDING_DIMENSION changed from {} to {}: dropped {} index(es) on movie_embeddings.embedding, "
					+ "deleted {} stored vectors and retyped the column. Run the backfill to embed every movie again.",
					held, wanted, drops.size(), deleted);
		}
	}

	/**
	 * EMBEDDING_STORAGE changed: the same vectors in the other type (to halfvec each
	 * value is rounded to 2 bytes; back to vector they keep that rounding until a forced
	 * backfill). The indexes on the column are dropped (their operator class is the old
	 * type's); the vector index is built again at start-up, searches are exact meanwhile.
	 */
	private void convert(Connection connection, String heldType, String wantedType) throws SQLException {
		List<String> drops = dropIndexes(connection);
		long started = System.nanoTime();
		try (Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE movie_embeddings ALTER COLUMN embedding TYPE %s USING embedding::%s"
				.formatted(wantedType, wantedType));
		}
		log.warn(
				"EMBEDDING_STORAGE changed: converted movie_embeddings.embedding from {} to {} in {} ms and dropped "
						+ "{} index(es) on it; the vector index is rebuilt in the background",
				heldType, wantedType, (System.nanoTime() - started) / 1_000_000, drops.size());
	}

	private static List<String> dropIndexes(Connection connection) throws SQLException {
		List<String> drops = new ArrayList<>();
		try (PreparedStatement indexes = connection.prepareStatement(INDEXES_ON_COLUMN);
				ResultSet rows = indexes.executeQuery()) {
			while (rows.next()) {
				drops.add(rows.getString(1));
			}
		}
		try (Statement statement = connection.createStatement()) {
			for (String drop : drops) {
				statement.execute(drop);
			}
		}
		return drops;
	}

	/**
	 * The column's type, e.g. {@code vector(768)} or {@code halfvec(768)}; null without
	 * such a column.
	 */
	public static String columnType(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(COLUMN_TYPE);
				ResultSet rows = statement.executeQuery()) {
			if (!rows.next()) {
				return null;
			}
			String type = rows.getString(1);
			return VECTOR_TYPE.matcher(type).matches() ? type : null;
		}
	}

	private static int dimensionOf(String type) {
		Matcher matcher = VECTOR_TYPE.matcher(type);
		if (!matcher.matches()) {
			throw new IllegalArgumentException(type);
		}
		return Integer.parseInt(matcher.group(2));
	}

	public static Integer columnDimension(Connection connection) throws SQLException {
		String type = columnType(connection);
		return type == null ? null : dimensionOf(type);
	}

}
