package dev.movies.system;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application's JdbcTemplate, and so its JdbcClient: see {@link RequestQueryTimeout}.
 */
@Configuration(proxyBeanMethods = false)
class QueryTimeoutConfiguration {

	@Bean
	JdbcTemplate jdbcTemplate(DataSource dataSource, StatementWatchdog watchdog) {
		return new RequestQueryTimeout.Template(dataSource, watchdog);
	}

	@Bean(destroyMethod = "close")
	StatementWatchdog statementWatchdog() {
		return new StatementWatchdog();
	}

}
