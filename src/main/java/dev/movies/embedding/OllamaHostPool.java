package dev.movies.embedding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Ollama servers and who uses them. An Ollama server embeds one request at a time, so
 * each server has one {@link Slot#BACKFILL} slot and one {@link Slot#QUERY} slot: a
 * search query waits at most for the call in flight on a server, never behind queued
 * backfill pages. Servers are handed out round-robin, preferring servers that answered
 * lately and have the other slot free; a server that refused a connection is skipped for
 * {@link #DOWN_FOR} unless every server did (so the caller sees why).
 */
final class OllamaHostPool {

	static final Duration DOWN_FOR = Duration.ofSeconds(10);

	enum Slot {

		/** A backfill page: waits as long as it takes for a server. */
		BACKFILL,
		/** A search query: waits at most its deadline. */
		QUERY

	}

	private final List<Host> hosts;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition hostFreed = this.lock.newCondition();

	private final int[] nextHost = new int[Slot.values().length];

	OllamaHostPool(List<OllamaApi> servers) {
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("OLLAMA_HOST names no server");
		}
		this.hosts = servers.stream().map(Host::new).toList();
	}

	int size() {
		return this.hosts.size();
	}

	List<OllamaApi> servers() {
		return this.hosts.stream().map((host) -> host.api).toList();
	}

	/**
	 * Takes a server's slot, waiting for one to be freed.
	 * @param wait the longest wait, or {@code null} to wait as long as it takes
	 * @return the server, or {@code null} when none was freed within {@code wait}
	 */
	Host acquire(Slot slot, Duration wait) {
		long deadline = (wait != null) ? System.nanoTime() + wait.toNanos() : 0;
		this.lock.lock();
		try {
			while (true) {
				Host host = freeHost(slot);
				if (host != null) {
					host.busy[slot.ordinal()] = true;
					this.nextHost[slot.ordinal()] = (this.hosts.indexOf(host) + 1) % this.hosts.size();
					return host;
				}
				if (wait == null) {
					this.hostFreed.awaitUninterruptibly();
					continue;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return null;
				}
				this.hostFreed.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	void release(Host host, Slot slot) {
		this.lock.lock();
		try {
			host.busy[slot.ordinal()] = false;
			this.hostFreed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A server whose slot is free, in round-robin order: one that answered lately with
	 * the fewest slots in use; one that refused a connection only when all did.
	 */
	private Host freeHost(Slot slot) {
		long now = System.nanoTime();
		boolean anyUp = false;
		Host best = null;
		Host fallback = null;
		for (int i = 0; i < this.hosts.size(); i++) {
			Host host = this.hosts.get((this.nextHost[slot.ordinal()] + i) % this.hosts.size());
			boolean up = host.isUp(now);
			anyUp |= up;
			if (host.busy[slot.ordinal()]) {
				continue;
			}
			if (up && (best == null || host.slotsInUse() < best.slotsInUse())) {
				best = host;
			}
			fallback = (fallback != null) ? fallback : host;
		}
		return (best != null) ? best : anyUp ? null : fallback;
	}

	/** One server and its slots; the slots are guarded by the pool's lock. */
	static final class Host {

		final OllamaApi api;

		private final boolean[] busy = new boolean[Slot.values().length];

		private volatile long downUntil;

		Host(OllamaApi api) {
			this.api = api;
		}

		/** The server refused a connection: others take its work for a while. */
		void markDown() {
			this.downUntil = System.nanoTime() + DOWN_FOR.toNanos();
		}

		void markUp() {
			this.downUntil = 0;
		}

		boolean isUp(long now) {
			return this.downUntil - now <= 0;
		}

		private int slotsInUse() {
			int inUse = 0;
			for (boolean taken : this.busy) {
				inUse += taken ? 1 : 0;
			}
			return inUse;
		}

	}

}
