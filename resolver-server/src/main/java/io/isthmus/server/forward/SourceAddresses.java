package io.isthmus.server.forward;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the local address a query leaves from: the outbound endpoint's addresses in turn (spec §5),
 * only those of the target's address family. Thread-safe.
 */
final class SourceAddresses {

  private final AtomicInteger next = new AtomicInteger();

  /**
   * The next of {@code sources} with the target's family; empty when none has it.
   *
   * @param sources not empty (no sources means any local address and needs no pick)
   */
  Optional<InetAddress> pick(List<InetAddress> sources, InetSocketAddress target) {
    int size = sources.size();
    int start = Math.floorMod(next.getAndIncrement(), size);
    boolean v4 = target.getAddress() instanceof Inet4Address;
    for (int i = 0; i < size; i++) {
      InetAddress source = sources.get((start + i) % size);
      if ((source instanceof Inet4Address) == v4) {
        return Optional.of(source);
      }
    }
    return Optional.empty();
  }
}
