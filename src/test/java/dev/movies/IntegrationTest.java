package dev.movies;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.movies.embedding.TestEmbeddingModelConfiguration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on the real test database ({@link TestDatabaseConfiguration}), with MockMvc
 * and a deterministic embedding model ({@link TestEmbeddingModelConfiguration}).
 * Tests start from an empty catalogue: call {@link TestData#reset()} in {@code @BeforeEach}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import({ TestDatabaseConfiguration.class, TestData.class, TestEmbeddingModelConfiguration.class })
public @interface IntegrationTest {

}
