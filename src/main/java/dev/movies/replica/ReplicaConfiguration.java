package dev.movies.replica;

import java.lang.reflect.Method;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;

/**
 * Read-only transactions on the replicas, when {@code movies.replicas.urls} names any.
 * The application's one {@code DataSource} (Spring Boot's primary pool) is wrapped in a
 * {@link LazyConnectionDataSourceProxy}: a transaction marked {@code readOnly} takes its
 * connection from the replicas, everything else (writes, imports, the backfill, index
 * builds, work outside a transaction) from the primary. Code routes a read by declaring
 * it {@code @Transactional(readOnly = true)}; no list of URLs or methods to keep in step.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ReplicasConfigured.class)
class ReplicaConfiguration {

	@Bean(destroyMethod = "close")
	ReplicaRouter replicaRouter(ReplicaProperties properties, DataSourceProperties primary,
			ObjectProvider<MeterRegistry> meters) {
		return new ReplicaRouter(properties, primary, meters);
	}

	@Bean
	static BeanPostProcessor readOnlyRouting(ObjectProvider<ReplicaRouter> router) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource primary && "dataSource".equals(beanName)
						&& !(bean instanceof LazyConnectionDataSourceProxy)) {
					LazyConnectionDataSourceProxy routing = new LazyConnectionDataSourceProxy(primary);
					routing.setReadOnlyDataSource(router.getObject().readOnlyDataSource(primary));
					return routing;
				}
				return bean;
			}

		};
	}

	/**
	 * The failover retry around every read-only transaction, outside the transaction
	 * interceptor.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor replicaFailoverAdvisor(ObjectProvider<ReplicaRouter> router) {
		// not public methods only: the repositories' package-private methods are
		// transactional too
		TransactionAttributeSource transactions = new AnnotationTransactionAttributeSource(false);
		StaticMethodMatcherPointcut readOnly = new StaticMethodMatcherPointcut() {

			@Override
			public boolean matches(Method method, Class<?> targetClass) {
				TransactionAttribute attribute = transactions.getTransactionAttribute(method, targetClass);
				return attribute != null && attribute.isReadOnly();
			}

		};
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(readOnly,
				new ReplicaFailoverInterceptor(router::getObject));
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return advisor;
	}

	@Bean
	ReplicaHealthIndicator replicasHealthIndicator(ReplicaRouter router) {
		return new ReplicaHealthIndicator(router);
	}

}
