package dev.movies.embedding;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.movies.embedding.OllamaHostPool.Host;
import dev.movies.embedding.OllamaHostPool.Slot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaHostPoolTests {

	private static final Duration NO_WAIT = Duration.ZERO;

	@Test
	void handsOutServersRoundRobin() {
		OllamaHostPool pool = pool(3);

		List<String> taken = IntStream.range(0, 6).mapToObj((i) -> {
			Host host = pool.acquire(Slot.BACKFILL, NO_WAIT);
			pool.release(host, Slot.BACKFILL);
			return host.api.url();
		}).toList();

		assertThat(taken).containsExactly(url(0), url(1), url(2), url(0), url(1), url(2));
	}

	@Test
	void eachServerHasOneBackfillSlotAndOneQuerySlot() {
		OllamaHostPool pool = pool(1);

		Host page = pool.acquire(Slot.BACKFILL, NO_WAIT);
		Host query = pool.acquire(Slot.QUERY, NO_WAIT);

		assertThat(query).isSameAs(page);
		assertThat(pool.acquire(Slot.BACKFILL, NO_WAIT)).isNull();
		assertThat(pool.acquire(Slot.QUERY, NO_WAIT)).isNull();
		pool.release(query, Slot.QUERY);
		assertThat(pool.acquire(Slot.QUERY, NO_WAIT)).isSameAs(page);
	}

	@Test
	void aQueryPrefersAServerWithoutABackfillPageInFlight() {
		OllamaHostPool pool = pool(2);
		Host busy = pool.acquire(Slot.BACKFILL, NO_WAIT);

		Host query = pool.acquire(Slot.QUERY, NO_WAIT);

		assertThat(query).isNotSameAs(busy);
	}

	@Test
	void aServerThatRefusedAConnectionIsSkippedWhileAnotherIsUp() {
		OllamaHostPool pool = pool(2);
		Host first = pool.acquire(Slot.BACKFILL, NO_WAIT);
		first.markDown();
		pool.release(first, Slot.BACKFILL);

		for (int i = 0; i < 3; i++) {
			Host host = pool.acquire(Slot.BACKFILL, NO_WAIT);
			assertThat(host).isNotSameAs(first);
			pool.release(host, Slot.BACKFILL);
		}
		first.markUp();
		Host again = pool.acquire(Slot.BACKFILL, NO_WAIT);
		Host other = pool.acquire(Slot.BACKFILL, NO_WAIT);
		assertThat(List.of(again, other)).contains(first);
	}

	@Test
	void whenEveryServerRefusedOneIsStillHandedOutSoTheCallerSeesWhy() {
		OllamaHostPool pool = pool(1);
		Host only = pool.acquire(Slot.QUERY, NO_WAIT);
		only.markDown();
		pool.release(only, Slot.QUERY);

		assertThat(pool.acquire(Slot.QUERY, NO_WAIT)).isSameAs(only);
	}

	@Test
	void aWaitingCallerGetsTheServerWhenItIsReleased() throws Exception {
		OllamaHostPool pool = pool(1);
		Host page = pool.acquire(Slot.BACKFILL, NO_WAIT);
		Thread releaser = Thread.ofVirtual().start(() -> {
			sleep(50);
			pool.release(page, Slot.BACKFILL);
		});

		assertThat(pool.acquire(Slot.BACKFILL, null)).isSameAs(page);
		releaser.join();
	}

	@Test
	void aBoundedWaitEndsEmptyHanded() {
		OllamaHostPool pool = pool(1);
		pool.acquire(Slot.QUERY, NO_WAIT);

		long start = System.nanoTime();
		assertThat(pool.acquire(Slot.QUERY, Duration.ofMillis(50))).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
	}

	@Test
	void refusesAnEmptyServerList() {
		assertThatThrownBy(() -> new OllamaHostPool(List.of())).hasMessage("OLLAMA_HOST names no server");
	}

	private static OllamaHostPool pool(int servers) {
		return new OllamaHostPool(IntStream.range(0, servers)
			.mapToObj((i) -> new OllamaApi(url(i), WebClient.builder(), new SimpleMeterRegistry()))
			.toList());
	}

	private static String url(int i) {
		return "http://ollama-" + i + ":11434";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
