package io.isthmus.config;

/** Identity of a record set within a zone: name + type (+ set identifier for routed sets). */
public record RecordSetKey(String name, String type, String setIdentifier) {}
