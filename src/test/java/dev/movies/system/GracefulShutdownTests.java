package dev.movies.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.movies.MovieRecommenderApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.shutdown: graceful}: a request in flight when the service is told to stop
 * still gets its answer. (EmbeddingClusterTests shows the backfill stopping at a page
 * boundary.)
 */
class GracefulShutdownTests {

	@Test
	void requestInFlightWhenTheServiceStopsIsAnswered() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		// A route registered by hand: an annotated test controller would be
		// component-scanned by every context.
		RouterFunction<ServerResponse> slow = RouterFunctions.route().GET("/slow", (request) -> {
			entered.countDown();
			Thread.sleep(1500);
			return ServerResponse.ok().body("finished");
		}).build();
		ConfigurableApplicationContext service = new SpringApplicationBuilder(MovieRecommenderApplication.class)
			.profiles("test")
			.initializers((context) -> ((GenericApplicationContext) context).registerBean("slowRoute",
					RouterFunction.class, () -> slow))
			.run("--server.port=0", "--spring.main.banner-mode=off");
		int port = ((WebServerApplicationContext) service).getWebServer().getPort();
		HttpClient http = HttpClient.newHttpClient();

		CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		service.close();

		HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("finished");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close waited for the request")
			.isGreaterThan(Duration.ofMillis(500));
	}

}
