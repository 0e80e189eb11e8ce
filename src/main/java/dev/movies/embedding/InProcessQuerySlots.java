package dev.movies.embedding;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where the in-process model embeds search queries: on its own platform threads, as many
 * as there are slots, never on the request's thread.
 * <p>
 * Requests run on virtual threads, and a model call is native code, which holds the
 * carrier thread under it for its whole length: with as many concurrent text queries as
 * cores, no other request (not even a movie by id, nor a pool's connection hand-over) got
 * a carrier, reads took 47 s and waits for a connection ran out and answered "database
 * unavailable" (found by an outside check, 30 long texts at once). Here the request's
 * virtual thread waits for the call without holding a carrier; a query that finds every
 * slot taken for {@code wait} answers 503 (model busy) instead of queueing without bound.
 */
final class InProcessQuerySlots implements AutoCloseable {

	private final Semaphore slots;

	private final ExecutorService threads;

	private final Duration wait;

	InProcessQuerySlots(int slots, Duration wait) {
		this.slots = new Semaphore(slots, true);
		this.threads = Executors.newFixedThreadPool(slots,
				Thread.ofPlatform().name("onnx-query-", 0).daemon(true).factory());
		this.wait = wait;
	}

	<T> T run(Supplier<T> call) {
		boolean acquired;
		try {
			acquired = this.slots.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw EmbeddingException.unavailable("Interrupted while waiting for the in-process model", ex);
		}
		if (!acquired) {
			throw new ModelBusyException(this.wait);
		}
		try {
			return CompletableFuture.supplyAsync(call, this.threads).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw EmbeddingException.unavailable("Interrupted while the in-process model embedded a query", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			this.slots.release();
		}
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
	}

	/** Every slot stayed taken for {@code wait}. */
	static final class ModelBusyException extends EmbeddingException {

		ModelBusyException(Duration waited) {
			super(Kind.UNAVAILABLE, "The in-process embedding model is busy: no free query slot within %d ms"
				.formatted(waited.toMillis()), null);
		}

	}

}
