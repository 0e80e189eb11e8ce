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
 * PostgreSQL goes away while the service serves and comes back on the same address:
 * requests fail cleanly with 503 problem+json meanwhile and succeed again afterwards,
 * without a restart.
 */
@IntegrationTest
class DatabaseOutageTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	TestData data;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void answers503WhileDatabaseIsDownAndRecoversWithoutRestart() throws Exception {
		this.data.reset();
		long id = this.data.insertMovie(7, "Alien", 1979, 8.5, List.of("Horror", "Sci-Fi"), "A crew meets a creature.");
		URI target = URI.create(((HikariDataSource) this.dataSource).getJdbcUrl().substring("jdbc:".length()));
		String database = target.getPath();
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
				ConfigurableApplicationContext app = new SpringApplicationBuilder(MovieRecommenderApplication.class)
					.profiles("test")
					.run("--server.port=0",
							"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + database,
							"--spring.datasource.hikari.connection-timeout=1000",
							"--spring.datasource.hikari.validation-timeout=500")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			URI movie = URI.create("http://127.0.0.1:" + port + "/api/movies/" + id);

			assertThat(get(movie).statusCode()).isEqualTo(200);

			proxy.cut();
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> down = get(movie);
				assertThat(down.statusCode()).isEqualTo(503);
				assertThat(down.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(down.body()).contains("\"status\":503").doesNotContain("Exception");
			}
			// The original's monitors call /health: a 503 with a detail.
			HttpResponse<String> health = get(URI.create("http://127.0.0.1:" + port + "/health"));
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"detail\":");

			proxy.restore();
			// The pool reconnects in the background; clients see success within seconds.
			HttpResponse<String> back = get(movie);
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (back.statusCode() == 503 && System.nanoTime() < deadline) {
				Thread.sleep(250);
				back = get(movie);
			}
			assertThat(back.statusCode()).isEqualTo(200);
			assertThat(back.body()).contains("\"title\":\"Alien\"");
		}
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
