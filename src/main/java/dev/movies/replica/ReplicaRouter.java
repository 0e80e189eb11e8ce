package dev.movies.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.movies.replica.Replica.State;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.util.StringUtils;

/**
 * The replicas, which of them serve reads, and the read-only {@link DataSource} that
 * hands out their connections: round robin over the replicas in rotation, the primary
 * when none is. A replica whose connection cannot be had is taken out at once and the
 * read moves on; a checker measures each replica every {@code check-interval} and puts it
 * back once it answers within the lag bound. Over 250 lines: the rotation, the failover
 * and the lag checker read and change the same replicas' states, and change together.
 */
public class ReplicaRouter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplicaRouter.class);

	/*
	 * The lag, measured on the replica. When it has replayed everything it received it is
	 * as fresh as its stream: lag 0 (with an idle primary, now() -
	 * pg_last_xact_replay_timestamp() grows for hours without any lag). Otherwise the age
	 * of its last replayed transaction, or, when that transaction is old because the
	 * primary had been idle, the time since a check last saw the replica caught up,
	 * whichever is less.
	 */
	private static final String LAG = """
			SELECT pg_is_in_recovery() AS standby,
			       pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() AS caught_up,
			       extract(epoch FROM now() - pg_last_xact_replay_timestamp()) AS since_replay
			""";

	private final ReplicaProperties properties;

	private final ObjectProvider<MeterRegistry> meters;

	private final List<Replica> replicas = new ArrayList<>();

	private final AtomicInteger next = new AtomicInteger();

	private final LongAdder primaryReads = new LongAdder();

	/** The replica that served the current thread's latest read connection, if any. */
	private final ThreadLocal<Replica> serving = new ThreadLocal<>();

	/** Replicas a read being retried on this thread has already failed on. */
	private final ThreadLocal<Set<Replica>> failedHere = ThreadLocal.withInitial(HashSet::new);

	private volatile ScheduledExecutorService checker;

	private boolean metersBound;

	ReplicaRouter(ReplicaProperties properties, DataSourceProperties primary, ObjectProvider<MeterRegistry> meters) {
		this.properties = properties;
		this.meters = meters;
		List<String> urls = properties.replicaUrls();
		for (int i = 0; i < urls.size(); i++) {
			String name = "replica-" + (i + 1);
			// the pool starts on its first connection, after start() has given it the
			// meter registry
			HikariDataSource pool = new HikariDataSource();
			pool.setPoolName(name);
			pool.setJdbcUrl(urls.get(i));
			pool.setUsername(
					StringUtils.hasText(properties.username()) ? properties.username() : primary.determineUsername());
			pool.setPassword(
					StringUtils.hasText(properties.password()) ? properties.password() : primary.determinePassword());
			pool.setMaximumPoolSize(properties.poolSize());
			// no background connection attempts (and warnings) while a replica is down:
			// the checker asks
			pool.setMinimumIdle(0);
			pool.setReadOnly(true);
			pool.setConnectionTimeout(properties.connectionTimeout().toMillis());
			pool.setValidationTimeout(Math.min(properties.connectionTimeout().toMillis(), 1000));
			// a replica that is down at start-up is left out, not a reason to refuse to
			// start
			pool.setInitializationFailTimeout(-1);
			this.replicas.add(new Replica(name, urls.get(i), pool));
		}
	}

	/**
	 * A {@link DataSource} for read-only transactions: a replica in rotation, else the
	 * primary.
	 */
	DataSource readOnlyDataSource(DataSource primary) {
		return new AbstractDataSource() {

			@Override
			public Connection getConnection() throws SQLException {
				return readConnection(primary);
			}

			@Override
			public Connection getConnection(String username, String password) throws SQLException {
				throw new UnsupportedOperationException("Read connections use the configured logins");
			}

		};
	}

	Connection readConnection(DataSource primary) throws SQLException {
		Set<Replica> failed = this.failedHere.get();
		List<Replica> candidates = this.replicas.stream()
			.filter((replica) -> replica.inRotation() && !failed.contains(replica))
			.toList();
		int start = Math.floorMod(this.next.getAndIncrement(), Math.max(1, candidates.size()));
		for (int i = 0; i < candidates.size(); i++) {
			Replica replica = candidates.get((start + i) % candidates.size());
			try {
				Connection connection = replica.pool().getConnection();
				replica.reads.increment();
				this.serving.set(replica);
				return connection;
			}
			catch (SQLException ex) {
				markDown(replica, ex);
			}
		}
		this.serving.remove();
		this.primaryReads.increment();
		return primary.getConnection();
	}

	/**
	 * The replica that served this thread's latest read, or null (the primary, or none
	 * yet).
	 */
	Replica serving() {
		return this.serving.get();
	}

	/** Keeps the current thread's next reads off a replica that just failed under it. */
	void avoid(Replica replica) {
		this.failedHere.get().add(replica);
	}

	/** Ends a read: forgets which replica served it and which ones failed it. */
	void forgetServing() {
		this.serving.remove();
		this.failedHere.remove();
	}

	/**
	 * Takes a replica out of rotation after a read failed on it; the checker brings it
	 * back.
	 */
	void markDown(Replica replica, Throwable cause) {
		replica.failures.increment();
		if (replica.update(State.DOWN, null, message(cause))) {
			log.warn("Read replica {} ({}) out of rotation: {}", replica.name(), replica.displayUrl(), message(cause));
		}
		// connections opened before it failed are broken: do not hand them out when it is
		// back
		if (replica.pool().getHikariPoolMXBean() != null) {
			replica.pool().getHikariPoolMXBean().softEvictConnections();
		}
	}

	List<Replica> replicas() {
		return this.replicas;
	}

	long primaryReads() {
		return this.primaryReads.sum();
	}

	Duration maxLag() {
		return this.properties.maxLag();
	}

	/** Measures one replica and puts it in or out of rotation. */
	void check(Replica replica) {
		Duration lag;
		try (Connection connection = replica.pool().getConnection();
				PreparedStatement statement = connection.prepareStatement(LAG)) {
			statement.setQueryTimeout((int) Math.max(1, this.properties.connectionTimeout().toSeconds()));
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				Instant now = Instant.now();
				if (!rs.getBoolean("standby") || rs.getBoolean("caught_up")) {
					replica.lastCaughtUp = now;
					lag = Duration.ZERO;
				}
				else {
					double sinceReplay = rs.getDouble("since_replay");
					Duration byReplay = rs.wasNull() ? null : Duration.ofMillis((long) (sinceReplay * 1000));
					Duration byChecks = replica.lastCaughtUp == null ? null
							: Duration.between(replica.lastCaughtUp, now);
					lag = byReplay == null ? byChecks
							: byChecks == null ? byReplay : (byReplay.compareTo(byChecks) < 0 ? byReplay : byChecks);
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (replica.update(State.DOWN, null, message(ex))) {
				log.warn("Read replica {} ({}) out of rotation: {}", replica.name(), replica.displayUrl(), message(ex));
			}
			return;
		}
		boolean fresh = lag != null && lag.compareTo(this.properties.maxLag()) <= 0;
		if (replica.update(fresh ? State.UP : State.LAGGING, lag, null)) {
			if (fresh) {
				log.info("Read replica {} ({}) in rotation, lag {} ms", replica.name(), replica.displayUrl(),
						lag.toMillis());
			}
			else {
				log.warn("Read replica {} ({}) out of rotation: lag {} over the bound of {}", replica.name(),
						replica.displayUrl(), lag == null ? "unknown" : lag.toMillis() + " ms",
						this.properties.maxLag());
			}
		}
	}

	@Override
	public void start() {
		if (!this.metersBound) {
			bindMeters();
			this.metersBound = true;
		}
		// the first measurement before requests arrive: replicas serve from the first
		// request on
		this.replicas.forEach(this::check);
		this.checker = Executors.newScheduledThreadPool(this.replicas.size(),
				Thread.ofPlatform().name("replica-check-", 1).daemon().factory());
		long interval = this.properties.checkInterval().toMillis();
		for (Replica replica : this.replicas) {
			this.checker.scheduleWithFixedDelay(() -> check(replica), interval, interval, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.checker;
		this.checker = null;
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.checker != null;
	}

	/** Closes the replica pools when the context closes. */
	void close() {
		stop();
		this.replicas.forEach((replica) -> replica.pool().close());
	}

	private void bindMeters() {
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry == null) {
			return;
		}
		for (Replica replica : this.replicas) {
			replica.pool().setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
			FunctionCounter.builder("movies.db.read.connections", replica, (r) -> r.reads.sum())
				.description("Connections handed to read-only transactions")
				.tag("target", replica.name())
				.register(registry);
			FunctionCounter.builder("movies.db.replica.failures", replica, (r) -> r.failures.sum())
				.description("Reads that failed on a replica and moved to another replica or the primary")
				.tag("replica", replica.name())
				.register(registry);
			Gauge.builder("movies.db.replica.in.rotation", replica, (r) -> r.inRotation() ? 1 : 0)
				.description("1 while the replica serves reads, 0 while it is left out (down or lagging)")
				.tag("replica", replica.name())
				.register(registry);
			TimeGauge
				.builder("movies.db.replica.lag", replica, TimeUnit.MILLISECONDS,
						(r) -> r.lag() == null ? Double.NaN : r.lag().toMillis())
				.description("How far the replica's replay is behind, as the last check measured it")
				.tag("replica", replica.name())
				.register(registry);
		}
		FunctionCounter.builder("movies.db.read.connections", this.primaryReads, LongAdder::sum)
			.description("Connections handed to read-only transactions")
			.tag("target", "primary")
			.register(registry);
	}

	private static String message(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
