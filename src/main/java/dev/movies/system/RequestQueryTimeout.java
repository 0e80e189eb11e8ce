package dev.movies.system;

import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statement timeout of the request this thread serves. Only requests without the
 * admin key get one ({@link RequestLimitsFilter}); an index rebuild, a backfill or an
 * import may run as long as it needs. The driver cancels a statement that runs longer,
 * and the request answers 503.
 */
final class RequestQueryTimeout {

	private static final ThreadLocal<Integer> SECONDS = new ThreadLocal<>();

	private RequestQueryTimeout() {
	}

	static void set(int seconds) {
		SECONDS.set(seconds);
	}

	static void clear() {
		SECONDS.remove();
	}

	/**
	 * The application's JdbcTemplate (and so its JdbcClient): every statement it prepares
	 * on a thread serving such a request gets the timeout, unless a transaction's own is
	 * shorter.
	 */
	static final class Template extends JdbcTemplate {

		Template(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		protected void applyStatementSettings(Statement statement) throws SQLException {
			super.applyStatementSettings(statement);
			Integer seconds = SECONDS.get();
			if (seconds != null && (statement.getQueryTimeout() == 0 || statement.getQueryTimeout() > seconds)) {
				statement.setQueryTimeout(seconds);
			}
		}

	}

}
