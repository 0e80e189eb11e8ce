import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak load generator (single-file Java program, run by bench/soak.sh): mixed traffic at a fixed
 * rate (open model: requests are sent on schedule whether or not earlier ones have answered), a
 * forced backfill started again and again during part of the run, and the service's heap after a
 * full GC read once a minute with jcmd.
 *
 * Usage: java bench/Soak.java BASE_URL ADMIN_KEY SERVICE_PID [minutes] [rate_per_second]
 */
public class Soak {

	static final String[] TEXTS = { "a thief who steals secrets by entering dreams", "space travel to save humanity",
			"a shark terrorises a beach town", "gangsters and family loyalty", "toys come to life",
			"a samurai defends a village", "love story on a sinking ship", "robots and artificial intelligence",
			"a haunted house", "a boxer's comeback", "war in the trenches", "animated fantasy spirits" };

	static final String[] QUERIES = { "inceptoin", "godfater", "matrix", "toy story", "amelie", "alien", "star wars",
			"parasite", "casablanca", "jaws" };

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String adminKey = args[1];
		long pid = Long.parseLong(args[2]);
		int minutes = args.length > 3 ? Integer.parseInt(args[3]) : 10;
		int rate = args.length > 4 ? Integer.parseInt(args[4]) : 40;

		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
		List<Long> ids = movieIds(http, base);
		System.out.printf("soak: %d min at %d req/s against %s (%d movies, service pid %d)%n", minutes, rate, base,
				ids.size(), pid);

		Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		AtomicLong errors = new AtomicLong();
		Random random = new Random(7);
		ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
		long periodNanos = 1_000_000_000L / rate;
		long start = System.nanoTime();
		long end = start + TimeUnit.MINUTES.toNanos(minutes);

		clock.scheduleAtFixedRate(() -> {
			if (System.nanoTime() >= end) {
				return;
			}
			String[] request = pick(random, ids);
			long sent = System.nanoTime();
			http.sendAsync(HttpRequest.newBuilder(URI.create(base + request[1])).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					long micros = (System.nanoTime() - sent) / 1000;
					if (failure != null) {
						errors.incrementAndGet();
						return;
					}
					statuses.computeIfAbsent(response.statusCode(), (k) -> new AtomicLong()).incrementAndGet();
					latencies.computeIfAbsent(request[0], (k) -> new ConcurrentLinkedQueue<>()).add(micros);
					latencies.computeIfAbsent("all", (k) -> new ConcurrentLinkedQueue<>()).add(micros);
				});
		}, 0, periodNanos, TimeUnit.NANOSECONDS);

		// A forced backfill runs again and again from minute 3 to minute 6: embedding competes with reads.
		List<String> heap = new ArrayList<>();
		int backfills = 0;
		for (int minute = 1; minute <= minutes; minute++) {
			long minuteEnd = start + TimeUnit.MINUTES.toNanos(minute);
			while (System.nanoTime() < minuteEnd) {
				if (minute >= 3 && minute <= 6 && !backfillRunning(http, base, adminKey)) {
					startBackfill(http, base, adminKey);
					backfills++;
				}
				Thread.sleep(1000);
			}
			long used = heapAfterFullGc(pid);
			heap.add("%d:%.1f".formatted(minute, used / 1048576.0));
			ConcurrentLinkedQueue<Long> all = latencies.getOrDefault("all", new ConcurrentLinkedQueue<>());
			System.out.printf("minute %2d: %6d answers, heap after full GC %.1f MiB, backfills started %d%n", minute,
					all.size(), used / 1048576.0, backfills);
		}
		clock.shutdown();
		Thread.sleep(3000);

		System.out.println();
		System.out.printf("%-22s %8s %9s %9s %9s %9s%n", "endpoint", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
		for (Map.Entry<String, ConcurrentLinkedQueue<Long>> entry : new TreeMap<>(latencies).entrySet()) {
			long[] values = entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
			System.out.printf("%-22s %8d %9.1f %9.1f %9.1f %9.1f%n", entry.getKey(), values.length,
					percentile(values, 50), percentile(values, 95), percentile(values, 99),
					values[values.length - 1] / 1000.0);
		}
		long serverErrors = statuses.entrySet().stream().filter((e) -> e.getKey() >= 500)
			.mapToLong((e) -> e.getValue().get()).sum();
		System.out.println("status codes: " + new TreeMap<>(statuses));
		System.out.println("5xx answers: " + serverErrors + ", transport errors: " + errors.get());
		System.out.println("heap after full GC by minute (MiB): " + String.join(" ", heap));
		double minute2 = Double.parseDouble(heap.get(Math.min(1, heap.size() - 1)).split(":")[1]);
		double last = Double.parseDouble(heap.get(heap.size() - 1).split(":")[1]);
		System.out.printf("heap growth from minute 2 to minute %d: %+.1f MiB (%+.1f%%)%n", minutes, last - minute2,
				100 * (last - minute2) / minute2);
		System.exit(serverErrors == 0 && errors.get() == 0 ? 0 : 1);
	}

	static String[] pick(Random random, List<Long> ids) {
		int roll = random.nextInt(100);
		long id = ids.get(random.nextInt(ids.size()));
		if (roll < 35) {
			return new String[] { "recommend by id", "/api/recommendations/movie/" + id + "?limit=10" };
		}
		if (roll < 55) {
			return new String[] { "recommend by text",
					"/api/recommendations/text?limit=10&text=" + enc(TEXTS[random.nextInt(TEXTS.length)]) };
		}
		if (roll < 80) {
			return new String[] { "search", "/api/search?query=" + enc(QUERIES[random.nextInt(QUERIES.length)]) };
		}
		return new String[] { "trending", "/api/trending?limit=20&min_year=" + (2000 + random.nextInt(24)) };
	}

	static List<Long> movieIds(HttpClient http, String base) throws Exception {
		String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/top-rated?limit=100&min_votes=0")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		List<Long> ids = new ArrayList<>();
		Matcher matcher = Pattern.compile("\"id\":(\\d+),\"external_id\"").matcher(body);
		while (matcher.find()) {
			ids.add(Long.parseLong(matcher.group(1)));
		}
		if (ids.isEmpty()) {
			throw new IllegalStateException("No movies: load the sample catalogue first");
		}
		return ids;
	}

	static boolean backfillRunning(HttpClient http, String base, String key) throws Exception {
		String body = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/embeddings"))
			.header("Authorization", "Bearer " + key)
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		return body.contains("\"state\":\"running\"");
	}

	static void startBackfill(HttpClient http, String base, String key) throws Exception {
		http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/embeddings"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"force\": true}"))
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	static long heapAfterFullGc(long pid) throws Exception {
		run("jcmd", String.valueOf(pid), "GC.run");
		String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
		Matcher matcher = Pattern.compile("used (\\d+)K").matcher(info);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected GC.heap_info output: " + info);
		}
		return Long.parseLong(matcher.group(1)) * 1024;
	}

	static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output;
	}

	static double percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
	}

	static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
