package io.isthmus.route;

import io.isthmus.config.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * A listener address that decides the VPC of the queries arriving on it, whatever their source
 * (docs/spec/resolution.md section 1): an address of an inbound endpoint, or a resolver address of
 * a VPC. Only sources inside {@code allowedSources} are answered there (empty: every source).
 * Immutable.
 *
 * @param kind what listens
 * @param id the inbound endpoint's id, or the VPC's id for a resolver address
 * @param vpc the VPC its queries resolve in
 * @param allowedSources an inbound endpoint's allowed source CIDRs; the CIDRs of the VPC for a
 *     resolver address, whose clients are the VPC's own
 */
public record VpcListener(Kind kind, String id, VpcRoutes vpc, List<Cidr> allowedSources) {

  /** What listens on the address. */
  public enum Kind {
    INBOUND_ENDPOINT("inbound endpoint"),
    VPC_RESOLVER("resolver address of");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** How messages name a listener of this kind, before its id. */
    public String text() {
      return text;
    }
  }

  public VpcListener {
    allowedSources = List.copyOf(allowedSources);
  }

  /** True when {@code source} may ask here. */
  public boolean admits(InetAddress source) {
    if (allowedSources.isEmpty()) {
      return true;
    }
    for (Cidr cidr : allowedSources) {
      if (cidr.contains(source)) {
        return true;
      }
    }
    return false;
  }

  /** "inbound endpoint rslvr-in-…" or "resolver address of vpc-…", for messages. */
  public String describe() {
    return kind.text() + " " + id;
  }

  /** The inbound endpoint's id, or null for a VPC's resolver address. */
  public String inboundEndpointId() {
    return kind == Kind.INBOUND_ENDPOINT ? id : null;
  }
}
