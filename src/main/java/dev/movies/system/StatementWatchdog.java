package dev.movies.system;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the statements of open requests that run past their timeout, from one thread
 * that looks at them every {@value #SWEEP_MILLIS} ms.
 * <p>
 * Not {@link Statement#setQueryTimeout}: PostgreSQL's driver then schedules a task on its
 * one shared {@link java.util.Timer} for every statement and cancels it afterwards, both
 * under the timer's lock; in profiles of the read endpoints under load that was 7-11% of
 * the service's CPU samples, more than any frame of ours. Here watching a statement is a
 * put into a concurrent map; a statement that has finished is dropped at the next sweep.
 * A statement is cancelled at most {@value #SWEEP_MILLIS} ms after its deadline, as the
 * driver's own timeout does it: a cancel request on a new connection (on a virtual
 * thread, so a database that does not answer the cancel cannot hold up the others), the
 * statement failing with SQL state 57014, which the request answers with a 503.
 */
final class StatementWatchdog implements AutoCloseable {

	static final long SWEEP_MILLIS = 100;

	private static final Logger log = LoggerFactory.getLogger(StatementWatchdog.class);

	private final Map<Statement, Long> deadlines = new ConcurrentHashMap<>();

	private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "statement-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	StatementWatchdog() {
		this.sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** Cancels the statement if it still runs {@code seconds} from now. */
	void watch(Statement statement, int seconds) {
		this.deadlines.put(statement, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
	}

	/** How many statements are watched (finished ones until the next sweep). */
	int watched() {
		return this.deadlines.size();
	}

	void sweep() {
		long now = System.nanoTime();
		for (Iterator<Map.Entry<Statement, Long>> entries = this.deadlines.entrySet().iterator(); entries.hasNext();) {
			Map.Entry<Statement, Long> entry = entries.next();
			Statement statement = entry.getKey();
			if (closed(statement)) {
				entries.remove();
			}
			else if (now - entry.getValue() >= 0) {
				entries.remove();
				Thread.ofVirtual().name("statement-cancel").start(() -> cancel(statement));
			}
		}
	}

	private static boolean closed(Statement statement) {
		try {
			return statement.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	// The driver cancels only a statement that is executing: one that finished in the
	// meantime is left alone.
	private static void cancel(Statement statement) {
		try {
			statement.cancel();
		}
		catch (SQLException ex) {
			log.debug("Could not cancel a statement past its timeout: {}", ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.sweeper.shutdownNow();
	}

}
