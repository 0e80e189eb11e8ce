package dev.movies.replica;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code replicas} health component: each replica's state, lag and reads. It stays UP
 * while replicas are out: reads then go to the primary, so the instance still serves (and
 * must not be taken out of its load balancer for it); the details and the metrics show
 * what is missing.
 */
class ReplicaHealthIndicator implements HealthIndicator {

	private final ReplicaRouter router;

	ReplicaHealthIndicator(ReplicaRouter router) {
		this.router = router;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up();
		long inRotation = 0;
		for (Replica replica : this.router.replicas()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("url", replica.displayUrl());
			details.put("state", replica.state().name().toLowerCase(Locale.ROOT));
			details.put("lag_ms", replica.lag() == null ? null : replica.lag().toMillis());
			details.put("reads", replica.reads.sum());
			details.put("failures", replica.failures.sum());
			details.put("since", replica.changedAt().toString());
			details.put("last_error", replica.lastError());
			health.withDetail(replica.name(), details);
			inRotation += replica.inRotation() ? 1 : 0;
		}
		return health.withDetail("in_rotation", inRotation)
			.withDetail("max_lag_ms", this.router.maxLag().toMillis())
			.withDetail("primary_reads", this.router.primaryReads())
			.build();
	}

}
