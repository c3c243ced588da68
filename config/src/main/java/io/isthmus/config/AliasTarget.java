package io.isthmus.config;

/** Route 53 alias: answer with another record set of the same type in the same zone. */
public record AliasTarget(String dnsName, boolean evaluateTargetHealth) {}
