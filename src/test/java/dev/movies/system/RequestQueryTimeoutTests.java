package dev.movies.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.movies.IntegrationTest;
import dev.movies.MovieRecommenderApplication;
import dev.movies.TestData;
import dev.movies.support.TcpProxy;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network to PostgreSQL stalls (nothing arrives, nothing breaks: a partition, a
 * frozen host) while the service holds pooled connections: an open request answers 503
 * problem+json a little after its statement timeout instead of waiting for ever, and the
 * service serves again once the network does.
 */
@IntegrationTest
class RequestQueryTimeoutTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	TestData data;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aRequestOnAStalledConnectionAnswers503InsteadOfHanging() throws Exception {
		this.data.reset();
		long id = this.data.insertMovie(7, "Alien", 1979, 8.5, List.of("Horror", "Sci-Fi"), "A crew meets a creature.");
		URI target = URI.create(((HikariDataSource) this.dataSource).getJdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
				ConfigurableApplicationContext app = new SpringApplicationBuilder(MovieRecommenderApplication.class)
					.profiles("test")
					.run("--server.port=0",
							"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath(),
							"--spring.datasource.hikari.maximum-pool-size=4",
							"--spring.datasource.hikari.connection-timeout=2000",
							"--spring.datasource.hikari.validation-timeout=500", "--movies.limits.query-timeout=1s")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			URI movie = URI.create("http://127.0.0.1:" + port + "/api/movies/" + id);
			assertThat(get(movie).statusCode()).isEqualTo(200);

			proxy.stall();
			// on the pooled connection just used (the pool does not validate a
			// connection used within the last half second)
			HttpResponse<String> stalled = get(movie);
			assertThat(stalled.statusCode()).isEqualTo(503);
			assertThat(stalled.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(stalled.body()).contains("\"status\":503").doesNotContain("Exception");

			proxy.resume();
			HttpResponse<String> back = get(movie);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (back.statusCode() != 200 && System.nanoTime() < deadline) {
				Thread.sleep(250);
				back = get(movie);
			}
			assertThat(back.statusCode()).isEqualTo(200);
			assertThat(back.body()).contains("\"title\":\"Alien\"");
		}
	}

	/** Waits at most a minute: a request that hangs fails the test with a timeout. */
	private HttpResponse<String> get(URI uri) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
