package dev.movies;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one database every test uses: a real PostgreSQL with pgvector, never an in-memory
 * stand-in.
 * <ul>
 * <li>{@code MOVIES_TEST_DATABASE_URL} set: that database (see
 * application-test.yml).</li>
 * <li>otherwise, with a Docker engine: a {@code pgvector/pgvector} Testcontainers
 * container.</li>
 * <li>otherwise: the local PostgreSQL that {@code .ci/install-postgres.sh}
 * provisions.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(UseContainer.class)
	PostgreSQLContainer postgres() {
		return new PostgreSQLContainer(
				DockerImageName.parse("pgvector/pgvector:pg17").asCompatibleSubstituteFor("postgres"));
	}

	static final class UseContainer implements Condition {

		private static volatile Boolean dockerAvailable;

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (System.getenv("MOVIES_TEST_DATABASE_URL") != null) {
				return false;
			}
			if (dockerAvailable == null) {
				dockerAvailable = isDockerAvailable();
			}
			return dockerAvailable;
		}

		private static boolean isDockerAvailable() {
			try {
				return DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

}
