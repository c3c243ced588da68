package io.isthmus.admin.endpoints;

import io.isthmus.config.ResolverEndpoint;

/**
 * The data plane's view of resolver endpoints, which the application provides as a bean: whether
 * the nodes serving the endpoint's VPC region could set it up (bind every INBOUND listener, use
 * every OUTBOUND source address). The admin API only reports it. Called on every read of an
 * endpoint, so it must answer from what the data plane already knows, quickly and without throwing;
 * for an endpoint no node has picked up yet it answers as it sees fit.
 */
@FunctionalInterface
public interface EndpointStatuses {

  EndpointStatus statusOf(ResolverEndpoint endpoint);

  /**
   * {@code OPERATIONAL} with no message, or {@code ACTION_NEEDED} with a message saying what failed
   * (e.g. which ip:port could not be bound on which node). Immutable.
   */
  record EndpointStatus(String status, String message) {
    public static final String OPERATIONAL = "OPERATIONAL";
    public static final String ACTION_NEEDED = "ACTION_NEEDED";

    public static EndpointStatus operational() {
      return new EndpointStatus(OPERATIONAL, null);
    }

    public static EndpointStatus actionNeeded(String message) {
      return new EndpointStatus(ACTION_NEEDED, message);
    }
  }
}
