package io.isthmus.server.node;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This node's id: {@code isthmus.node-id}, else the host name. Immutable. */
public record NodeIdentity(String nodeId) {

  public static NodeIdentity from(IsthmusProperties properties) {
    String configured = properties.nodeId();
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
