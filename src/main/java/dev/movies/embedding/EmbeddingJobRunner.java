package dev.movies.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.movies.embedding.EmbeddingJobRepository.JobRow;
import dev.movies.vector.MovieVectors;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This instance's part in the cluster's backfill, its whole lifecycle in one place: every
 * poll interval it looks for a running job and keeps {@code MAX_WORKERS} workers on it;
 * each worker claims a page, hands it to the {@link PageProcessor}, and goes on until the
 * job's to-do list is empty. The runner renews the leases of the pages its workers hold
 * and logs progress. On shutdown the workers finish their pages and stop; the job goes on
 * elsewhere, or when an instance starts again. Longer than most classes on purpose: the
 * workers, the stop flag and the claims change together, and splitting them across two
 * classes is where a stop/start bug once came from.
 */
@Component
class EmbeddingJobRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EmbeddingJobRunner.class);

	private static final long STOP_TIMEOUT_SECONDS = 60;

	private static final Duration IDLE_WAIT = Duration.ofMillis(500);

	private final EmbeddingJobRepository repository;

	private final EmbeddingModel model;

	private final EmbeddingProperties.Job settings;

	private final PageProcessor pages;

	private final AsyncTaskExecutor executor;

	private final List<CompletableFuture<Void>> workers = new ArrayList<>();

	/** Claims this instance's workers hold now; the poll renews their leases. */
	private final Set<UUID> claims = ConcurrentHashMap.newKeySet();

	private ScheduledExecutorService scheduler;

	private volatile long workingOn;

	private long lastProgressLog;

	private volatile boolean running;

	EmbeddingJobRunner(EmbeddingJobRepository repository, MovieVectors vectors, EmbeddingModel model,
			EmbeddingProperties properties, TransactionTemplate transaction, MeterRegistry meters,
			@Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
		this.repository = repository;
		this.model = model;
		this.settings = properties.job();
		this.pages = new PageProcessor(repository, vectors, model,
				new BatchEmbedder(model, this.settings.retry(), meters), transaction, meters);
		this.executor = executor;
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
			this.workers.add(CompletableFuture.runAsync(() -> work(jobId), this.executor));
		}
	}

	/**
	 * One worker: works on the job until its to-do list is empty, it stops running, or
	 * this instance shuts down.
	 */
	private void work(long jobId) {
		JobRow job = this.repository.find(jobId).orElse(null);
		if (job == null || !job.model().equals(this.model.name())) {
			if (job != null) {
				log.warn("Not helping with backfill #{}: it embeds with '{}' but this instance runs '{}'", jobId,
						job.model(), this.model.name());
			}
			return;
		}
		while (this.running) {
			UUID token = UUID.randomUUID();
			this.claims.add(token);
			try {
				List<Long> movieIds = this.repository.claim(jobId, token, this.settings.batchSize(),
						this.settings.lease());
				if (movieIds.isEmpty()) {
					if (finishedOrStopped(jobId)) {
						break;
					}
					pause(IDLE_WAIT);
					continue;
				}
				this.pages.process(jobId, job.force(), token, movieIds, (reason, pause) -> {
					if (!this.repository.recordRetry(jobId, reason)) {
						throw new JobStopped();
					}
					pause(pause);
				});
			}
			catch (JobStopped ex) {
				releaseQuietly(token);
				break;
			}
			catch (EmbeddingException ex) {
				releaseQuietly(token);
				if (this.repository.fail(jobId, ex.getMessage())) {
					log.error("Embedding backfill #{} failed: {}", jobId, ex.getMessage());
				}
				break;
			}
			catch (DataAccessException ex) {
				// The database is away: leave the job running; the poll sends a worker
				// again later.
				log.warn("Embedding backfill #{}: worker stops for now: {}", jobId, ex.getMessage());
				releaseQuietly(token);
				break;
			}
			catch (RuntimeException ex) {
				log.error("Embedding backfill #{} failed unexpectedly", jobId, ex);
				releaseQuietly(token);
				this.repository.fail(jobId, "Unexpected error: " + ex);
				break;
			}
			finally {
				this.claims.remove(token);
			}
		}
	}

	private boolean finishedOrStopped(long jobId) {
		if (this.repository.completeIfDone(jobId)) {
			this.repository.find(jobId)
				.ifPresent((job) -> log.info("Embedding backfill #{} completed: {}", jobId,
						EmbeddingJobStatus.of(job).describe()));
			return true;
		}
		// Still running means other workers hold the last pages: wait in case their
		// leases run out.
		return !this.repository.isRunning(jobId);
	}

	/** Waits, unless this instance shuts down meanwhile: then the worker stops. */
	private void pause(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		try {
			while (this.running && until - System.nanoTime() > 0) {
				Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobStopped();
		}
		if (!this.running) {
			throw new JobStopped();
		}
	}

	private void releaseQuietly(UUID token) {
		try {
			this.repository.releaseClaim(token);
		}
		catch (DataAccessException ex) {
			// The lease runs out by itself.
		}
	}

	private void poll() {
		try {
			this.repository.renewLeases(Set.copyOf(this.claims), this.settings.lease());
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

	/**
	 * Starts polling; also after {@link #stop()}: a stopped context can be started again
	 * (the test framework pauses cached contexts that way; so does a checkpoint and
	 * restore), and the instance must then help again.
	 */
	@Override
	public synchronized void start() {
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

	/**
	 * This instance shuts down or the job stopped running: leave the page for whoever
	 * goes on.
	 */
	private static final class JobStopped extends RuntimeException {

		JobStopped() {
			super(null, null, false, false);
		}

	}

}
