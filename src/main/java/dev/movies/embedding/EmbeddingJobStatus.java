package dev.movies.embedding;

import java.time.Duration;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The backfill as {@code GET /actuator/embeddings} shows it, the same on every instance:
 * counts are cluster-wide. {@code processed} = {@code succeeded} + {@code skipped}
 * (already up to date) + {@code failed}; the rate and ETA are measured by the database
 * clock.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "state", "total", "processed", "succeeded", "skipped", "failed", "rate_per_second", "eta_seconds",
		"started_at", "finished_at", "last_error", "model", "job_id", "force", "retries" })
public record EmbeddingJobStatus(String state, long total, long processed, long succeeded, long skipped, long failed,
		double ratePerSecond, Long etaSeconds, OffsetDateTime startedAt, OffsetDateTime finishedAt, String lastError,
		String model, Long jobId, Boolean force, long retries) {

	public static final String RUNNING = "running";

	static EmbeddingJobStatus idle(String model) {
		return new EmbeddingJobStatus("idle", 0, 0, 0, 0, 0, 0, null, null, null, null, model, null, null, 0);
	}

	static EmbeddingJobStatus of(EmbeddingJobRepository.JobRow job) {
		double rate = (job.elapsedSeconds() > 0) ? job.processed() / job.elapsedSeconds() : 0;
		Long eta = null;
		if (RUNNING.equals(job.state()) && rate > 0) {
			eta = (long) Math.ceil(Math.max(0, job.total() - job.processed()) / rate);
		}
		else if ("completed".equals(job.state())) {
			eta = 0L;
		}
		return new EmbeddingJobStatus(job.state(), job.total(), job.processed(), job.succeeded(), job.skipped(),
				job.failed(), Math.round(rate * 10) / 10.0, eta, job.startedAt(), job.finishedAt(), job.lastError(),
				job.model(), job.id(), job.force(), job.retries());
	}

	public boolean running() {
		return RUNNING.equals(this.state);
	}

	/** The progress line and the final summary, in the original project's terms. */
	String describe() {
		String counts = "processed %d/%d, succeeded %d, skipped %d, failed %d, retries %d".formatted(this.processed,
				this.total, this.succeeded, this.skipped, this.failed, this.retries);
		String timing = "%.1f movies/s".formatted(this.ratePerSecond);
		if (running()) {
			return "%s, %s, ETA %s".formatted(counts, timing, (this.etaSeconds != null) ? this.etaSeconds + "s" : "-");
		}
		long elapsed = (this.startedAt != null && this.finishedAt != null)
				? Duration.between(this.startedAt, this.finishedAt).toSeconds() : 0;
		return "%s, elapsed %ds, %s on average".formatted(counts, elapsed, timing);
	}

}
