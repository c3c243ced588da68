package io.isthmus.server.observe;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.server.dns.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** A {@link QueryEvent} builder for tests: a NOERROR A query over UDP from 10.0.0.5, by default. */
final class QueryEvents {
  static final Instant RECEIVED = Instant.parse("2021-02-04T17:51:55.678Z");
  static final InetSocketAddress CLIENT = address("10.0.0.5", 53124);
  static final InetSocketAddress LISTENER = address("10.0.0.2", 53);

  private long timestampMillis = RECEIVED.toEpochMilli();
  private InetSocketAddress source = CLIENT;
  private InetSocketAddress local = LISTENER;
  private Transport transport = Transport.UDP;
  private Name qname = name("www.example.com.");
  private int qtype = Type.A;
  private int qclass = DClass.IN;
  private int rcode = Rcode.NOERROR;
  private List<Record> answers = List.of();
  private RouteKind route = RouteKind.HOSTED_ZONE;
  private String routeId = "Z0123456789ABCDEFGHIJ";
  private String vpcId = "vpc-1";
  private CacheStatus cache = CacheStatus.NONE;
  private long latencyNanos = 1_234_567;
  private int responseSize = 100;
  private int edeCode = -1;

  static QueryEvents event() {
    return new QueryEvents();
  }

  QueryEvents source(InetSocketAddress value) {
    source = value;
    return this;
  }

  QueryEvents local(InetSocketAddress value) {
    local = value;
    return this;
  }

  QueryEvents transport(Transport value) {
    transport = value;
    return this;
  }

  QueryEvents qname(String value) {
    qname = name(value);
    return this;
  }

  QueryEvents qname(Name value) {
    qname = value;
    return this;
  }

  QueryEvents qtype(int value) {
    qtype = value;
    return this;
  }

  QueryEvents qclass(int value) {
    qclass = value;
    return this;
  }

  QueryEvents rcode(int value) {
    rcode = value;
    return this;
  }

  QueryEvents answers(List<Record> value) {
    answers = value;
    return this;
  }

  QueryEvents route(RouteKind value, String id) {
    route = value;
    routeId = id;
    return this;
  }

  QueryEvents vpc(String value) {
    vpcId = value;
    return this;
  }

  QueryEvents cache(CacheStatus value) {
    cache = value;
    return this;
  }

  QueryEvents latencyNanos(long value) {
    latencyNanos = value;
    return this;
  }

  QueryEvent build() {
    return new QueryEvent(
        timestampMillis,
        source,
        local,
        transport,
        qname,
        qtype,
        qclass,
        rcode,
        answers,
        route,
        routeId,
        vpcId,
        cache,
        latencyNanos,
        responseSize,
        edeCode);
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static InetSocketAddress address(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
