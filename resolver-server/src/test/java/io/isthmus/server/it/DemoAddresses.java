package io.isthmus.server.it;

/**
 * The fixed addresses some integration tests need: the demo configuration's inbound endpoint
 * listeners (127.0.60.x:8053) and a named on port 5300 that the demo's rules forward to. The
 * integration tests run two classes at a time (resolver-server's pom.xml), so the classes that bind
 * or query these take {@link #LOCK} and run one after another.
 */
final class DemoAddresses {
  static final String LOCK = "demo-addresses";

  private DemoAddresses() {}
}
