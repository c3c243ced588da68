package io.isthmus.config;

/**
 * A query-logging configuration associated with a VPC: the queries resolved in the VPC's context
 * are logged to the configuration's destination. A VPC may have several, a configuration many VPCs,
 * each pair once. Immutable.
 */
public record QueryLogAssociation(String id, String configId, String vpcId) {}
