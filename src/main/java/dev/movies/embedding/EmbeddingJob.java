package dev.movies.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.movies.embedding.EmbeddingJobRepository.Failure;
import dev.movies.embedding.EmbeddingJobRepository.JobRow;
import dev.movies.embedding.EmbeddingJobRepository.NewEmbedding;
import dev.movies.embedding.EmbeddingJobRepository.PageMovie;
import dev.movies.movie.Movie;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One worker of the backfill on this instance: claims a page of movies, embeds those
 * whose vector is missing or stale, and commits the page on its own, until the job's
 * to-do list is empty. The runner starts {@code MAX_WORKERS} of them per instance;
 * instances share the list through leases.
 */
@Component
class EmbeddingJob {

	private static final Logger log = LoggerFactory.getLogger(EmbeddingJob.class);

	private static final Duration IDLE_WAIT = Duration.ofMillis(500);

	private final EmbeddingJobRepository repository;

	private final EmbeddingModel model;

	private final EmbeddingProperties.Job settings;

	private final TransactionTemplate transaction;

	private final Counter succeeded;

	private final Counter skipped;

	private final Counter failed;

	private final Counter retries;

	private final Timer modelCalls;

	private final Timer pages;

	/** Claims this instance holds now; the runner renews their leases. */
	private final Set<UUID> claims = ConcurrentHashMap.newKeySet();

	private volatile boolean stopping;

	EmbeddingJob(EmbeddingJobRepository repository, EmbeddingModel model, EmbeddingProperties properties,
			TransactionTemplate transaction, MeterRegistry meters) {
		this.repository = repository;
		this.model = model;
		this.settings = properties.job();
		this.transaction = transaction;
		this.succeeded = outcome(meters, "succeeded");
		this.skipped = outcome(meters, "skipped");
		this.failed = outcome(meters, "failed");
		this.retries = Counter.builder("movies.embedding.retries")
			.description("Model calls retried after a passing failure")
			.register(meters);
		this.modelCalls = Timer.builder("movies.embedding.model.calls")
			.description("Calls to the embedding model, one per batch")
			.tag("model", model.name())
			.register(meters);
		this.pages = Timer.builder("movies.embedding.pages")
			.description("Backfill pages: read, embed, write, commit")
			.register(meters);
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("movies.embedding.movies")
			.description("Movies the backfill handled, by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Works on the job until its to-do list is empty, it stops running, or this instance
	 * shuts down.
	 */
	@Async
	public CompletableFuture<Void> work(long jobId) {
		JobRow job = this.repository.find(jobId).orElse(null);
		if (job == null || !job.model().equals(this.model.name())) {
			if (job != null) {
				log.warn("Not helping with backfill #{}: it embeds with '{}' but this instance runs '{}'", jobId,
						job.model(), this.model.name());
			}
			return CompletableFuture.completedFuture(null);
		}
		while (!this.stopping) {
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
				this.pages.record(() -> processPage(jobId, job.force(), token, movieIds));
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
				// The database is away: leave the job running; the runner sends a worker
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
		return CompletableFuture.completedFuture(null);
	}

	Set<UUID> claims() {
		return Set.copyOf(this.claims);
	}

	/** Lets every worker finish its page and stop (the instance shuts down). */
	void stop() {
		this.stopping = true;
	}

	/**
	 * Lets workers run again after {@link #stop()}: a stopped context can be started
	 * again (the test framework pauses cached contexts that way; so does a checkpoint and
	 * restore), and without this every worker sent afterwards would return at once and
	 * the instance never help again.
	 */
	void start() {
		this.stopping = false;
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

	private void processPage(long jobId, boolean force, UUID token, List<Long> movieIds) {
		List<Pending> pending = new ArrayList<>(movieIds.size());
		List<Long> upToDate = new ArrayList<>();
		Map<Long, Movie> movies = new HashMap<>();
		for (PageMovie candidate : this.repository.readPage(movieIds)) {
			movies.put(candidate.movie().id(), candidate.movie());
			String text = DocumentText.of(candidate.movie());
			byte[] hash = DocumentText.hash(this.model.name(), this.model.documentPrefix(), text);
			if (!force && this.model.name().equals(candidate.embeddedModel())
					&& Arrays.equals(hash, candidate.textHash())) {
				upToDate.add(candidate.movie().id());
			}
			else {
				pending.add(new Pending(candidate.movie().id(), text, hash));
			}
		}
		List<NewEmbedding> embedded = new ArrayList<>(pending.size());
		List<Failure> failures = new ArrayList<>();
		embedIsolatingFailures(jobId, pending, embedded, failures);
		this.transaction.executeWithoutResult((status) -> {
			this.repository.commitWithoutWaitingForDisk();
			Set<Long> stillMine = this.repository.completeClaim(token);
			List<NewEmbedding> toStore = embedded.stream().filter((e) -> stillMine.contains(e.movieId())).toList();
			List<Failure> toRecord = failures.stream().filter((f) -> stillMine.contains(f.movieId())).toList();
			int skippedHere = (int) upToDate.stream().filter(stillMine::contains).count();
			this.repository.saveEmbeddings(this.model.name(), toStore);
			this.repository.clearFailures(toStore.stream().map(NewEmbedding::movieId).toList());
			this.repository.saveFailures(jobId, this.model.name(), toRecord);
			this.repository.addProgress(jobId, toStore.size(), skippedHere, toRecord.size());
			this.succeeded.increment(toStore.size());
			this.skipped.increment(skippedHere);
			this.failed.increment(toRecord.size());
		});
		for (Failure failure : failures) {
			Movie movie = movies.get(failure.movieId());
			log.warn("Embedding backfill #{}: movie {} (external id {}, \"{}\") failed: {}", jobId, movie.id(),
					movie.externalId(), movie.title(), failure.reason());
		}
	}

	/**
	 * One input the model rejects fails its whole batch, so a rejected batch is split in
	 * halves until the culprit stands alone and is recorded; the rest are embedded.
	 */
	private void embedIsolatingFailures(long jobId, List<Pending> batch, List<NewEmbedding> embedded,
			List<Failure> failures) {
		if (batch.isEmpty()) {
			return;
		}
		List<float[]> vectors;
		try {
			vectors = embedWithRetry(jobId, batch.stream().map(Pending::text).toList());
		}
		catch (EmbeddingException ex) {
			if (ex.kind() != EmbeddingException.Kind.INPUT_REJECTED) {
				throw ex;
			}
			if (batch.size() == 1) {
				failures.add(new Failure(batch.getFirst().movieId(), ex.getMessage()));
				return;
			}
			int half = batch.size() / 2;
			embedIsolatingFailures(jobId, batch.subList(0, half), embedded, failures);
			embedIsolatingFailures(jobId, batch.subList(half, batch.size()), embedded, failures);
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			embedded.add(new NewEmbedding(batch.get(i).movieId(), vectors.get(i), batch.get(i).hash()));
		}
	}

	private List<float[]> embedWithRetry(long jobId, List<String> texts) {
		EmbeddingProperties.Retry retry = this.settings.retry();
		Duration backoff = retry.initialBackoff();
		for (int attempt = 1;; attempt++) {
			long start = System.nanoTime();
			try {
				return this.model.embedDocuments(texts);
			}
			catch (EmbeddingException ex) {
				if (ex.kind() != EmbeddingException.Kind.UNAVAILABLE || attempt >= retry.maxAttempts()) {
					throw ex;
				}
				this.retries.increment();
				String reason = "%s (attempt %d of %d, retrying in %d ms)".formatted(ex.getMessage(), attempt,
						retry.maxAttempts(), backoff.toMillis());
				log.warn("Embedding backfill #{}: {}", jobId, reason);
				if (!this.repository.recordRetry(jobId, reason)) {
					throw new JobStopped();
				}
				pause(backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1)));
				backoff = min(backoff.multipliedBy(2), retry.maxBackoff());
			}
			finally {
				this.modelCalls.record(Duration.ofNanos(System.nanoTime() - start));
			}
		}
	}

	private void pause(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		try {
			while (!this.stopping && until - System.nanoTime() > 0) {
				Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobStopped();
		}
		if (this.stopping) {
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

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private record Pending(long movieId, String text, byte[] hash) {
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
