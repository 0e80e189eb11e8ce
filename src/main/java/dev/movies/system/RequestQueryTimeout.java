package dev.movies.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statement timeout of the request this thread serves. Only requests without the
 * admin key get one ({@link RequestLimitsFilter}); an index rebuild, a backfill or an
 * import may run as long as it needs. The {@link StatementWatchdog} cancels a statement
 * that runs longer, and the request answers 503.
 * <p>
 * The cancel travels on a new connection, so it cannot end a wait on a connection whose
 * network has stalled (a partition, a frozen host: nothing arrives, nothing breaks). Such
 * a request's connection also gets a network timeout a little longer than the statement
 * timeout: a read that waits that long fails the connection (the pool drops it) and the
 * request answers 503 instead of waiting for ever. The pool takes the timeout off again
 * when the connection comes back, before any other work uses it.
 */
final class RequestQueryTimeout {

	private static final ThreadLocal<Integer> SECONDS = new ThreadLocal<>();

	/** How much longer than the statement timeout a read may wait on the network. */
	static final int NETWORK_MARGIN_SECONDS = 5;

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

		private final StatementWatchdog watchdog;

		Template(DataSource dataSource, StatementWatchdog watchdog) {
			super(dataSource);
			this.watchdog = watchdog;
		}

		@Override
		protected void applyStatementSettings(Statement statement) throws SQLException {
			super.applyStatementSettings(statement);
			Integer seconds = SECONDS.get();
			if (seconds == null) {
				return;
			}
			// a transaction's own timeout, when shorter, stays with the driver
			int timeout = statement.getQueryTimeout();
			if (timeout == 0 || timeout > seconds) {
				if (timeout != 0) {
					statement.setQueryTimeout(0);
				}
				timeout = seconds;
				this.watchdog.watch(statement, timeout);
			}
			Connection connection = statement.getConnection();
			int networkMillis = (timeout + NETWORK_MARGIN_SECONDS) * 1000;
			if (connection.getNetworkTimeout() != networkMillis) {
				connection.setNetworkTimeout(Runnable::run, networkMillis);
			}
		}

	}

}
