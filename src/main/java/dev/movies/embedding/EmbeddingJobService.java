package dev.movies.embedding;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Starts, cancels and reports the cluster's one embedding backfill. */
@Service
public class EmbeddingJobService {

	private static final Logger log = LoggerFactory.getLogger(EmbeddingJobService.class);

	private final EmbeddingJobRepository repository;

	private final EmbeddingJobRunner runner;

	private final EmbeddingModel model;

	private final TransactionTemplate transaction;

	private final boolean runOnStartup;

	EmbeddingJobService(EmbeddingJobRepository repository, EmbeddingJobRunner runner, EmbeddingModel model,
			TransactionTemplate transaction, EmbeddingProperties properties) {
		this.repository = repository;
		this.runner = runner;
		this.model = model;
		this.transaction = transaction;
		this.runOnStartup = properties.job().runOnStartup();
	}

	public EmbeddingJobStatus status() {
		return this.repository.latest()
			.map(EmbeddingJobStatus::of)
			.orElseGet(() -> EmbeddingJobStatus.idle(this.model.name()));
	}

	/**
	 * Starts a backfill of missing and stale embeddings ({@code force}: of every movie)
	 * and puts this instance's workers on it; the other instances join within their poll
	 * interval.
	 * @throws BackfillAlreadyRunningException when a backfill runs anywhere in the
	 * cluster
	 */
	public EmbeddingJobStatus start(boolean force) {
		Long jobId = this.transaction.execute((tx) -> {
			Optional<Long> inserted = this.repository.insertRunningJob(force, this.model.name());
			inserted.ifPresent(this.repository::insertWork);
			return inserted.orElse(null);
		});
		if (jobId == null) {
			throw new BackfillAlreadyRunningException(status());
		}
		EmbeddingJobStatus started = status();
		log.info("Embedding backfill #{} started{}: {} movies, model {}", jobId, force ? " (force)" : "",
				started.total(), this.model.name());
		this.runner.help(jobId);
		return started;
	}

	/** Cancels the running backfill; every instance stops at its next page boundary. */
	public Optional<EmbeddingJobStatus> cancel() {
		Optional<Long> cancelled = this.repository.cancelRunning();
		cancelled.ifPresent((jobId) -> log.info("Embedding backfill #{} cancelled", jobId));
		return cancelled.map((jobId) -> status());
	}

	@EventListener(ApplicationReadyEvent.class)
	void startOnStartup() {
		if (!this.runOnStartup) {
			return;
		}
		try {
			start(false);
		}
		catch (BackfillAlreadyRunningException ex) {
			log.info("Embedding backfill already running; this instance helps with it");
		}
	}

	/** A second start while one backfill runs: carries the running job's status. */
	public static class BackfillAlreadyRunningException extends RuntimeException {

		private final EmbeddingJobStatus status;

		BackfillAlreadyRunningException(EmbeddingJobStatus status) {
			super("An embedding backfill is already running (job %s)".formatted(status.jobId()));
			this.status = status;
		}

		public EmbeddingJobStatus status() {
			return this.status;
		}

	}

}
