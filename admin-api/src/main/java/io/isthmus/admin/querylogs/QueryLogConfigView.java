package io.isthmus.admin.querylogs;

import io.isthmus.config.QueryLogConfig;

/** A query-logging configuration and how many VPCs it is associated with. Immutable. */
public record QueryLogConfigView(QueryLogConfig config, int associationCount) {}
