package io.isthmus.server.node;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This node's id: {@code isthmus.node-id}, else the host name. Immutable. */
public record NodeIdentity(String nodeId) {

  /** {@code configured} ({@code isthmus.node-id}) when set, else the host name. */
  public static NodeIdentity from(String configured) {
    if (configured != null && !configured.isBlank()) {
      return new NodeIdentity(configured.trim());
    }
    try {
      return new NodeIdentity(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return new NodeIdentity("isthmus");
    }
  }
}
