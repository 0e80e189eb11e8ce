package dev.movies.replica;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The streaming replica of the test database that {@code .ci/replica.sh} runs on port
 * 5433 (CI starts it before the tests): its URL, and the controls the tests need (stop,
 * start, pause replay). Without it the replica tests are skipped, unless
 * {@code MOVIES_REQUIRE_REPLICA=true} (CI) makes its absence a failure.
 */
final class ReplicaCluster {

	static final int PORT = Integer.parseInt(env("MOVIES_TEST_REPLICA_PORT", "5433"));

	private ReplicaCluster() {
	}

	/** The test database's URL with the replica's port. */
	static String url() {
		String primary = env("MOVIES_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/movies_test");
		return primary.replaceFirst("//([^/:]+)(:\\d+)?/", "//$1:" + PORT + "/");
	}

	static void require() {
		try (Connection connection = DriverManager.getConnection(url(), "movies", "movies");
				Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT pg_is_in_recovery()");
			rs.next();
			Assertions.assertTrue(rs.getBoolean(1), url() + " is not a standby");
		}
		catch (SQLException ex) {
			String why = "No streaming replica at " + url() + " (start it with .ci/replica.sh): " + ex.getMessage();
			if (Boolean.parseBoolean(env("MOVIES_REQUIRE_REPLICA", "false"))) {
				Assertions.fail(why);
			}
			Assumptions.abort(why);
		}
		resumeReplay(); // whatever an interrupted run left behind
	}

	/** A fast shutdown, as when a replica dies: its connections are cut. */
	static void stop() {
		script("stop");
	}

	/** Starts it again and waits until it streams. */
	static void start() {
		script("start");
	}

	/** Pauses WAL replay: the replica falls behind while the primary writes. */
	static void pauseReplay() {
		script("pause");
	}

	static void resumeReplay() {
		script("resume");
	}

	private static void script(String command) {
		try {
			Process process = new ProcessBuilder("bash", ".ci/replica.sh", command).inheritIO().start();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(".ci/replica.sh " + command + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

}
