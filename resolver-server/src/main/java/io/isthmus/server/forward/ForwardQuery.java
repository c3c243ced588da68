package io.isthmus.server.forward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * One question to forward. Immutable.
 *
 * <p>There is no DO bit here: Isthmus does no DNSSEC, never sets DO upstream and so caches one
 * answer per question, whatever DO the client sent (RFC 3225 §3 lets a resolver without DNSSEC
 * ignore it).
 *
 * @param scope the cache partition: the rule id, or "." for the default upstreams (spec §5, §6)
 * @param name the question name; its case is sent upstream as given, the cache ignores it
 * @param targets the upstream servers (1–6 for a FORWARD rule)
 * @param sources local addresses to bind, used round-robin (the outbound endpoint's addresses);
 *     empty means any local address
 * @param bailiwick the domain the targets may speak for: the FORWARD rule's domain, the root for
 *     default resolution ({@link ReplyScrubber}); not part of the cache key, a rule's domain is
 *     fixed
 */
public record ForwardQuery(
    String scope,
    Name name,
    int type,
    int dclass,
    List<InetSocketAddress> targets,
    List<InetAddress> sources,
    Name bailiwick) {

  public ForwardQuery {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    targets = List.copyOf(targets);
    sources = List.copyOf(sources);
    bailiwick = bailiwick == null ? Name.root : bailiwick;
  }

  /** A question whose targets may speak for every name (the root as bailiwick). */
  public ForwardQuery(
      String scope,
      Name name,
      int type,
      int dclass,
      List<InetSocketAddress> targets,
      List<InetAddress> sources) {
    this(scope, name, type, dclass, targets, sources, Name.root);
  }
}
