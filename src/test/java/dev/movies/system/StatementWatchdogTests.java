package dev.movies.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import dev.movies.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The watchdog on a real PostgreSQL: a statement past its deadline is cancelled as the
 * driver's own timeout would (SQL state 57014), a finished one is forgotten and never
 * cancelled.
 */
@IntegrationTest
class StatementWatchdogTests {

	@Autowired
	DataSource dataSource;

	@Test
	void aStatementStillRunningAtItsDeadlineIsCancelled() throws Exception {
		try (StatementWatchdog watchdog = new StatementWatchdog();
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			watchdog.watch(statement, 1);
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57014"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
					Duration.ofSeconds(10));
			// the connection serves the next statement
			try (Statement next = connection.createStatement()) {
				assertThat(next.executeQuery("SELECT 1").next()).isTrue();
			}
		}
	}

	@Test
	void aFinishedStatementIsForgottenAndItsConnectionLeftAlone() throws Exception {
		try (StatementWatchdog watchdog = new StatementWatchdog();
				Connection connection = this.dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				watchdog.watch(statement, 1);
				statement.execute("SELECT 1");
			}
			watchdog.sweep();
			assertThat(watchdog.watched()).isZero();
			// a later statement on the same connection outlives the first one's deadline
			try (Statement later = connection.createStatement()) {
				assertThat(later.execute("SELECT pg_sleep(1.5)")).isTrue();
			}
		}
	}

	@Test
	void anOpenStatementThatFinishedBeforeItsDeadlineIsNotCancelledAtIt() throws Exception {
		try (StatementWatchdog watchdog = new StatementWatchdog();
				Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			watchdog.watch(statement, 1);
			statement.execute("SELECT 1");
			// still open past its deadline: cancelling it now must not hit what runs next
			Thread.sleep(1300);
			try (Statement next = connection.createStatement()) {
				assertThat(next.execute("SELECT pg_sleep(0.5)")).isTrue();
			}
			assertThat(watchdog.watched()).isZero();
		}
	}

}
