package dev.movies.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One replica: its connection pool and what the last check or failure found. State
 * changes come from the checker thread and from reads that failed; both are single
 * volatile writes.
 */
final class Replica {

	enum State {

		/** Not checked yet: left out until the first check. */
		STARTING,

		/** Answering and within the lag bound: in rotation. */
		UP,

		/** Answering but further behind the primary than the bound. */
		LAGGING,

		/** Not answering (stopped, unreachable, refusing connections). */
		DOWN

	}

	private final String name;

	private final String url;

	private final HikariDataSource pool;

	private volatile State state = State.STARTING;

	private volatile Duration lag;

	private volatile String lastError;

	private volatile Instant changedAt = Instant.now();

	/** Connections handed to read-only transactions. */
	final LongAdder reads = new LongAdder();

	/** Times a read failed on this replica and was moved elsewhere. */
	final LongAdder failures = new LongAdder();

	/** When a check last found every WAL record it had received replayed. */
	volatile Instant lastCaughtUp;

	Replica(String name, String url, HikariDataSource pool) {
		this.name = name;
		this.url = url;
		this.pool = pool;
	}

	String name() {
		return this.name;
	}

	/** The URL without its query string, which may carry a password. */
	String displayUrl() {
		int query = this.url.indexOf('?');
		return query < 0 ? this.url : this.url.substring(0, query);
	}

	HikariDataSource pool() {
		return this.pool;
	}

	State state() {
		return this.state;
	}

	boolean inRotation() {
		return this.state == State.UP;
	}

	Duration lag() {
		return this.lag;
	}

	String lastError() {
		return this.lastError;
	}

	Instant changedAt() {
		return this.changedAt;
	}

	/** Records a state; answers whether it changed. */
	boolean update(State state, Duration lag, String error) {
		this.lag = lag;
		this.lastError = error;
		if (this.state == state) {
			return false;
		}
		this.state = state;
		this.changedAt = Instant.now();
		return true;
	}

}
