package dev.movies.replica;

import java.sql.SQLException;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Runs a read-only transaction again when a replica failed under it (stopped, cut off, or
 * a query cancelled by the replica's replay): the replica leaves the rotation and the
 * next attempt goes to another replica or to the primary, so a dying replica fails no
 * request. It wraps the transaction (it runs outside the transaction interceptor), and
 * only the outermost read-only method: a transaction already running is not its to
 * repeat.
 */
class ReplicaFailoverInterceptor implements MethodInterceptor {

	private final Supplier<ReplicaRouter> routerSupplier;

	/**
	 * The router is looked up on first use: advisors are created before ordinary beans.
	 */
	ReplicaFailoverInterceptor(Supplier<ReplicaRouter> router) {
		this.routerSupplier = SingletonSupplier.of(router);
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()
				|| !(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		ReplicaRouter router = this.routerSupplier.get();
		int attempts = router.replicas().size() + 1;
		router.forgetServing();
		try {
			for (int attempt = 1;; attempt++) {
				try {
					return proxied.invocableClone().proceed();
				}
				catch (RuntimeException ex) {
					Replica replica = router.serving();
					if (replica == null || attempt == attempts || !failedOnReplica(ex)) {
						throw ex;
					}
					// the next attempt goes elsewhere, whatever the checker concludes
					// meanwhile
					router.avoid(replica);
					if (!recoveryConflict(ex)) {
						router.markDown(replica, ex);
					}
				}
			}
		}
		finally {
			router.forgetServing();
		}
	}

	/**
	 * The replica went away or refused (SQL state class 08, connection exception;
	 * 57P01-57P03, shut down or not accepting connections), or its replay cancelled the
	 * query.
	 */
	static boolean failedOnReplica(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				if (state.startsWith("08") || state.startsWith("57P") || state.equals("40001")) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * "canceling statement due to conflict with recovery": the replica is fine, try
	 * again.
	 */
	private static boolean recoveryConflict(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "40001".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
