package io.isthmus.route;

/** What decided an answer; also the {@code route} field of query logs. */
public enum RouteKind {
  HOSTED_ZONE,
  FORWARD,
  SYSTEM,
  DEFAULT,
  REFUSED
}
