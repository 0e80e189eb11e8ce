package dev.movies.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * This instance's part in the cluster's backfill: every poll interval it looks for a
 * running job and keeps {@code MAX_WORKERS} workers on it, renews the leases of the pages
 * they hold, and logs progress. On shutdown the workers finish their pages and stop; the
 * job goes on elsewhere, or when an instance starts again.
 */
@Component
class EmbeddingJobRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EmbeddingJobRunner.class);

	private static final long STOP_TIMEOUT_SECONDS = 60;

	private final EmbeddingJob job;

	private final EmbeddingJobRepository repository;

	private final EmbeddingProperties.Job settings;

	private final List<CompletableFuture<Void>> workers = new ArrayList<>();

	private ScheduledExecutorService scheduler;

	private volatile long workingOn;

	private long lastProgressLog;

	private volatile boolean running;

	EmbeddingJobRunner(EmbeddingJob job, EmbeddingJobRepository repository, EmbeddingProperties properties) {
		this.job = job;
		this.repository = repository;
		this.settings = properties.job();
	}

	/** Puts this instance's workers on the job (up to {@code MAX_WORKERS}). */
	synchronized void help(long jobId) {
		if (!this.running) {
			return;
		}
		this.workers.removeIf(CompletableFuture::isDone);
		if (this.workingOn != jobId) {
			this.workingOn = jobId;
			this.lastProgressLog = System.nanoTime();
		}
		while (this.workers.size() < this.settings.maxWorkers()) {
			this.workers.add(this.job.work(jobId));
		}
	}

	private void poll() {
		try {
			this.repository.renewLeases(this.job.claims(), this.settings.lease());
			Optional<Long> running = this.repository.runningJobId();
			if (running.isEmpty()) {
				return;
			}
			if (this.settings.joinClusterJobs() || running.get() == this.workingOn) {
				help(running.get());
			}
			logProgress(running.get());
		}
		catch (DataAccessException ex) {
			log.debug("Embedding backfill poll failed: {}", ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("Embedding backfill poll failed", ex);
		}
	}

	private void logProgress(long jobId) {
		synchronized (this) {
			boolean busy = this.workers.stream().anyMatch((worker) -> !worker.isDone());
			if (!busy || System.nanoTime() - this.lastProgressLog < this.settings.progressInterval().toNanos()) {
				return;
			}
			this.lastProgressLog = System.nanoTime();
		}
		this.repository.find(jobId)
			.map(EmbeddingJobStatus::of)
			.filter(EmbeddingJobStatus::running)
			.ifPresent((status) -> log.info("Embedding backfill #{}: {}", jobId, status.describe()));
	}

	@Override
	public synchronized void start() {
		this.job.start();
		this.running = true;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("embedding-backfill-poll").daemon(true).factory());
		long interval = this.settings.pollInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		List<CompletableFuture<Void>> pending;
		synchronized (this) {
			this.running = false;
			this.scheduler.shutdownNow();
			this.job.stop();
			pending = this.workers.stream().filter((worker) -> !worker.isDone()).toList();
			this.workers.clear();
		}
		if (pending.isEmpty()) {
			return;
		}
		log.info("Embedding backfill #{}: shutting down; {} worker(s) finish their current page first", this.workingOn,
				pending.size());
		try {
			CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
				.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			log.info(
					"Embedding backfill #{}: pages committed; the job continues on another instance or after a restart",
					this.workingOn);
		}
		catch (TimeoutException ex) {
			log.warn("Embedding workers still busy after {}s; their pages go back when the leases run out",
					STOP_TIMEOUT_SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.debug("Embedding worker ended with an error", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
