package io.isthmus.server.query;

/** The transport a query arrived on; it decides the response size limit (RFC 1035 §4.2). */
public enum Transport {
  UDP,
  TCP
}
