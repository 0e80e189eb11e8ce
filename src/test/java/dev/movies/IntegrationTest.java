package dev.movies;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on the real test database ({@link TestDatabaseConfiguration}),
 * with MockMvc and the embedding model the test profile configures (the in-process one,
 * loaded on first use). Tests start from an empty catalogue: call
 * {@link TestData#reset()} in {@code @BeforeEach}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import({ TestDatabaseConfiguration.class, TestData.class })
public @interface IntegrationTest {

}
