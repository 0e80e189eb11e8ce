package dev.movies.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * {@code @Async} methods (the embedding backfill's workers) run on Spring Boot's
 * application task executor: virtual threads, as {@code spring.threads.virtual.enabled}
 * asks.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfiguration {

}
