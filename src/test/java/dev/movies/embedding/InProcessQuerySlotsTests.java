package dev.movies.embedding;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The in-process model's query slots: a query called on a request's virtual thread runs
 * on a platform thread of the slots, a query that finds every slot taken for the wait is
 * refused as busy (503), and a slot freed serves the next query.
 */
class InProcessQuerySlotsTests {

	@Test
	void aQueryFromAVirtualThreadRunsOnAPlatformThread() throws Exception {
		try (InProcessQuerySlots slots = new InProcessQuerySlots(2, Duration.ofSeconds(5))) {
			AtomicReference<Thread> ranOn = new AtomicReference<>();
			Thread caller = Thread.ofVirtual().start(() -> slots.run(() -> {
				ranOn.set(Thread.currentThread());
				return null;
			}));
			caller.join(10_000);

			assertThat(ranOn.get()).isNotNull();
			assertThat(ranOn.get().isVirtual()).isFalse();
			assertThat(ranOn.get().getName()).startsWith("onnx-query-");
		}
	}

	@Test
	void aQueryThatFindsEverySlotTakenForItsWaitIsBusyAndAFreedSlotServesTheNext() throws Exception {
		try (InProcessQuerySlots slots = new InProcessQuerySlots(1, Duration.ofMillis(300))) {
			CountDownLatch running = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> slots.run(() -> {
				running.countDown();
				await(release);
				return "first";
			}));
			assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

			long start = System.nanoTime();
			assertThatExceptionOfType(InProcessQuerySlots.ModelBusyException.class)
				.isThrownBy(() -> slots.run(() -> "second"))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(EmbeddingException.Kind.UNAVAILABLE))
				.withMessageContaining("busy");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

			release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
			assertThat(slots.run(() -> "third")).isEqualTo("third");
		}
	}

	@Test
	void whatTheCallThrowsReachesTheCallerAndFreesTheSlot() {
		try (InProcessQuerySlots slots = new InProcessQuerySlots(1, Duration.ofMillis(100))) {
			assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> slots.run(() -> {
				throw EmbeddingException.inputRejected("no");
			})).satisfies((ex) -> assertThat(ex.kind()).isEqualTo(EmbeddingException.Kind.INPUT_REJECTED));

			assertThat(slots.run(() -> "next")).isEqualTo("next");
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
