package io.isthmus.config;

import java.util.List;

/**
 * An isolated network. CIDRs are in canonical text form ({@code 10.0.0.0/16}). A VPC without
 * resolver addresses is found from the source address of a query (the CIDR holding it); a VPC with
 * them is found from the listener a query arrives on, one of those addresses, and only a source
 * inside its CIDRs is answered there (docs/spec/resolution.md section 1). Only VPCs with resolver
 * addresses may overlap other VPCs' CIDRs. Immutable.
 *
 * @param resolverAddresses the ip:ports every node serving the region listens on for this VPC, like
 *     the "VPC+2" resolver of AWS; empty for a VPC found by source address
 */
public record Vpc(
    String id,
    String accountId,
    String name,
    String region,
    List<String> cidrs,
    List<TargetAddress> resolverAddresses) {
  public Vpc {
    cidrs = List.copyOf(cidrs);
    // Null from what was written before VPCs had resolver addresses (a node's last-snapshot file).
    resolverAddresses = resolverAddresses == null ? List.of() : List.copyOf(resolverAddresses);
  }

  /** A VPC found by the source address of its queries. */
  public Vpc(String id, String accountId, String name, String region, List<String> cidrs) {
    this(id, accountId, name, region, cidrs, List.of());
  }

  /** True when queries find this VPC by its resolver addresses, not by their source. */
  public boolean hasResolverAddresses() {
    return !resolverAddresses.isEmpty();
  }
}
