package io.isthmus.admin.healthchecks;

import io.isthmus.config.HealthCheck;

/**
 * The health state of health checks as the evaluator knows it, which the application provides as a
 * bean (docs/spec/health.md "Status"). The admin API only reports it. Called on every read of a
 * check's status, so it must answer from what the evaluator already knows, quickly and without
 * throwing; for a check the evaluator has not picked up yet (a new one, before the next
 * configuration reaches it) it answers as it sees fit, e.g. the status the check starts with.
 */
@FunctionalInterface
public interface HealthStatuses {

  HealthStatusView statusOf(HealthCheck check);
}
