package io.isthmus.server.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * The UDP sockets of one forwarder event loop. Opening, binding, connecting and registering a
 * socket per query cost most of a cold forward, so sockets are reused: per (source address, target)
 * up to {@code socketsPerTarget} {@link PooledUdpSocket}s, opened lazily, each on a port the OS
 * picks at random. A query takes one of them at random (SecureRandom) and a random ID free on it.
 *
 * <p>RFC 5452 §9.2 asks for "a large, changing set of source ports": a socket is retired after
 * {@code maxQueries} queries or {@code maxAge}, whichever comes first, and its slot gets a new
 * socket on a new random port when next picked; a retired socket closes once its last query ends.
 * The trade-off against a socket per query: an attacker who learns which ports are open (say by
 * making us query a zone he serves) aims at one of a few dozen ports for a few seconds instead of
 * an unknown port per query; he must still hit the right one, guess the 16-bit ID and the question
 * while the query is in flight, and the ports he learnt soon close. Sockets are per target, not
 * shared per source address, because only a connected socket keeps the kernel's sender filter and
 * ICMP errors (see {@link PooledUdpSocket}).
 *
 * <p>Confined to its event loop.
 */
final class UdpSocketPool {

  /** The defaults: 16 sockets × 2 loops per target; at 10,000 queries/s each port lives ~3 s. */
  static final int SOCKETS_PER_TARGET = 16;

  static final int MAX_QUERIES = 1000;
  static final Duration MAX_AGE = Duration.ofSeconds(10);

  /** How often sockets past their age are retired, even when no query picks them. */
  private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Sockets of one source address (null: any) to one target. */
  private record Key(InetAddress source, InetSocketAddress target) {}

  private final Bootstrap udp;
  private final EventLoop loop;
  private final ReplyValidator validator;
  private final SecureRandom random;
  private final int socketsPerTarget;
  private final int maxQueries;
  private final long maxAgeNanos;
  private final Map<Key, PooledUdpSocket[]> sockets = new HashMap<>();

  /**
   * @param udp a bootstrap on the pool's event loop
   * @param maxQueries at most 65535, so that a socket always has a free ID
   */
  UdpSocketPool(
      Bootstrap udp,
      EventLoop loop,
      ReplyValidator validator,
      SecureRandom random,
      int socketsPerTarget,
      int maxQueries,
      Duration maxAge) {
    if (socketsPerTarget < 1 || maxQueries < 1 || maxQueries > 0xFFFF) {
      throw new IllegalArgumentException("bad pool size " + socketsPerTarget + "/" + maxQueries);
    }
    this.udp = udp;
    this.loop = loop;
    this.validator = validator;
    this.random = random;
    this.socketsPerTarget = socketsPerTarget;
    this.maxQueries = maxQueries;
    this.maxAgeNanos = maxAge.toNanos();
    try {
      loop.scheduleAtFixedRate(this::sweep, SWEEP_NANOS, SWEEP_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // The forwarder is closing: no socket will be opened either.
    }
  }

  /**
   * Sends a query for the question from {@code source} to {@code target}; see {@link
   * PooledUdpSocket#send}.
   *
   * @param source the local address to bind, or null for any
   */
  CompletableFuture<ExchangeOutcome> exchange(
      InetAddress source,
      InetSocketAddress target,
      Name name,
      int type,
      int dclass,
      long timeoutNanos) {
    PooledUdpSocket[] slots =
        sockets.computeIfAbsent(
            new Key(source, target), k -> new PooledUdpSocket[socketsPerTarget]);
    int slot = random.nextInt(socketsPerTarget);
    PooledUdpSocket socket = slots[slot];
    if (socket != null && socket.ageNanos(System.nanoTime()) >= maxAgeNanos) {
      retire(slots, slot);
      socket = null;
    }
    if (socket == null) {
      socket = PooledUdpSocket.open(udp, loop, source, target, validator, random, this::gone);
      slots[slot] = socket;
    }
    CompletableFuture<ExchangeOutcome> outcome = socket.send(name, type, dclass, timeoutNanos);
    if (socket.uses() >= maxQueries && slots[slot] == socket) {
      retire(slots, slot);
    }
    return outcome;
  }

  /** Sockets open and not retired, over all sources and targets (for tests). */
  int liveSockets() {
    int live = 0;
    for (PooledUdpSocket[] slots : sockets.values()) {
      for (PooledUdpSocket socket : slots) {
        if (socket != null) {
          live++;
        }
      }
    }
    return live;
  }

  /**
   * Retires the sockets to targets not in {@code inUse} (a rule deleted or changed): their ports
   * close once their last query ends, and the pool forgets those targets.
   */
  void retain(Set<InetSocketAddress> inUse) {
    Iterator<Map.Entry<Key, PooledUdpSocket[]>> it = sockets.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, PooledUdpSocket[]> entry = it.next();
      if (!inUse.contains(entry.getKey().target())) {
        PooledUdpSocket[] slots = entry.getValue();
        for (int i = 0; i < slots.length; i++) {
          if (slots[i] != null) {
            retire(slots, i);
          }
        }
        it.remove();
      }
    }
  }

  private void retire(PooledUdpSocket[] slots, int slot) {
    PooledUdpSocket socket = slots[slot];
    slots[slot] = null;
    socket.retire();
  }

  /** A socket that failed or closed leaves its slot to a new one. */
  private void gone(PooledUdpSocket socket) {
    PooledUdpSocket[] slots = sockets.get(new Key(socket.source(), socket.target()));
    if (slots != null) {
      for (int i = 0; i < slots.length; i++) {
        if (slots[i] == socket) {
          slots[i] = null;
        }
      }
    }
  }

  /** Retires sockets past their age, and forgets (source, target) pairs left without sockets. */
  private void sweep() {
    long now = System.nanoTime();
    Iterator<PooledUdpSocket[]> it = sockets.values().iterator();
    while (it.hasNext()) {
      PooledUdpSocket[] slots = it.next();
      boolean empty = true;
      for (int i = 0; i < slots.length; i++) {
        if (slots[i] != null && slots[i].ageNanos(now) >= maxAgeNanos) {
          retire(slots, i);
        }
        empty &= slots[i] == null;
      }
      if (empty) {
        it.remove();
      }
    }
  }
}
