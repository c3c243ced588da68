package io.isthmus.config;

/**
 * A private hosted zone. {@code name} is absolute, lower case, with a trailing dot and IDN labels
 * as A-labels (see {@link DnsNames#normalize}). Immutable.
 */
public record HostedZone(String id, String name, String accountId, String comment) {}
