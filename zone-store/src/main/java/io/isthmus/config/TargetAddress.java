package io.isthmus.config;

/** An ip:port of a resolver endpoint or a forwarding target. Port 53 unless given. Immutable. */
public record TargetAddress(String ip, int port) {
  public static final int DNS_PORT = 53;
}
