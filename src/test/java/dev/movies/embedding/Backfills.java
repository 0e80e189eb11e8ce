package dev.movies.embedding;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs backfills in tests and benchmarks and waits for them. */
public final class Backfills {

	private static final Duration LIMIT = Duration.ofMinutes(5);

	private Backfills() {
	}

	public static EmbeddingJobStatus run(EmbeddingJobService jobs, boolean force) {
		jobs.start(force);
		return awaitFinished(jobs);
	}

	/** Waits until the backfill is no longer running and returns how it ended. */
	static EmbeddingJobStatus awaitFinished(EmbeddingJobService jobs) {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		EmbeddingJobStatus status = jobs.status();
		while (status.running()) {
			assertThat(System.nanoTime()).as("backfill finishes within %s", LIMIT).isLessThan(deadline);
			pause(Duration.ofMillis(20));
			status = jobs.status();
		}
		return status;
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
