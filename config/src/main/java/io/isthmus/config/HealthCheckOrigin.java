package io.isthmus.config;

/**
 * How a health check was made through Route 53's API (docs/aws-api.md): the CallerReference of its
 * CreateHealthCheck, unique per account, and for a CLOUDWATCH_METRIC check the alarm it follows
 * (both null otherwise). It goes with its health check. Immutable.
 */
public record HealthCheckOrigin(
    String checkId,
    String accountId,
    String callerReference,
    String alarmRegion,
    String alarmName) {}
