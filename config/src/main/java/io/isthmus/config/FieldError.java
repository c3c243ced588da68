package io.isthmus.config;

/**
 * One problem with one input field, e.g. {@code changes[2].rrset.records[0]}: "bad IPv4 address".
 */
public record FieldError(String field, String message) {}
