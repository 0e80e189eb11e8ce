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
 * <p>
 * It listens on a random port ({@code @LocalServerPort}) as well, so that the tests that
 * speak real HTTP and those that use MockMvc share one cached context: each distinct test
 * configuration costs a start of the application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import({ TestDatabaseConfiguration.class, TestData.class })
public @interface IntegrationTest {

}
