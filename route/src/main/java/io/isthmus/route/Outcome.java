package io.isthmus.route;

/** What the resolver decided: a final {@link Resolution}, or {@link Forwarding} upstream. */
public sealed interface Outcome permits Resolution, Forwarding {}
