package io.isthmus.server.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where names that no zone or rule claims go (docs/spec/resolution.md section 6, {@code
 * isthmus.dns.default-upstreams}): the configured {@code ip[:port]} list, or when unset the host's
 * resolvers from /etc/resolv.conf — minus any address that is one of our own listeners, which would
 * loop. An empty setting turns default resolution off (REFUSED + EDE 18).
 */
public final class DefaultUpstreams {
  private static final Logger log = LoggerFactory.getLogger(DefaultUpstreams.class);
  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  private DefaultUpstreams() {}

  public static List<InetSocketAddress> resolve(
      List<String> configured, List<InetSocketAddress> ownListeners) {
    List<String> entries = configured != null ? configured : fromResolvConf(RESOLV_CONF);
    List<InetSocketAddress> upstreams = new ArrayList<>();
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue;
      }
      InetSocketAddress upstream = parse(entry.trim());
      if (ownListeners.contains(upstream)) {
        log.info("Default upstream {} is this node's own listener: skipped", upstream);
      } else {
        upstreams.add(upstream);
      }
    }
    log.info(
        "Default resolution: {}",
        upstreams.isEmpty() ? "off (REFUSED for names no zone or rule claims)" : upstreams);
    return List.copyOf(upstreams);
  }

  static List<String> fromResolvConf(Path file) {
    List<String> servers = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length >= 2 && fields[0].equals("nameserver")) {
          servers.add(fields[1]);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot read {}: default resolution off", file);
    }
    return servers;
  }

  /** {@code 10.0.0.2}, {@code 10.0.0.2:5353}, {@code ::1} or {@code [::1]:5353}; literals only. */
  public static InetSocketAddress parse(String text) {
    String host = text;
    int port = 53;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      host = text.substring(1, end);
      if (text.length() > end + 2) {
        port = Integer.parseInt(text.substring(end + 2));
      }
    } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
    }
    // Literals only: a host name here would mean a DNS lookup to find the DNS server.
    if (!host.matches("[0-9.]+") && !host.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("default upstream must be an IP literal: " + text);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad default upstream " + text, e);
    }
  }
}
