package io.isthmus.config;

import java.time.Instant;

/**
 * A CloudWatch metric alarm of an account in a region, made through the AWS-compatible API
 * (docs/aws-api.md "CloudWatch"). Only that API reads it: a Route 53 health check of type
 * CLOUDWATCH_METRIC copies the alarm's condition into a METRIC health check (docs/spec/health.md),
 * which is what the nodes evaluate. Immutable.
 *
 * @param definition the alarm's fields as the AWS API writes them (JSON); opaque to the store
 */
public record CloudWatchAlarm(
    String accountId, String region, String name, String definition, Instant updatedAt) {}
