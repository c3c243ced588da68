package io.isthmus.config;

import java.util.List;

/**
 * An isolated network: queries from a source inside one of its CIDR blocks are resolved in its
 * context. CIDRs are in canonical text form ({@code 10.0.0.0/16}). Immutable.
 */
public record Vpc(String id, String accountId, String name, String region, List<String> cidrs) {
  public Vpc {
    cidrs = List.copyOf(cidrs);
  }
}
