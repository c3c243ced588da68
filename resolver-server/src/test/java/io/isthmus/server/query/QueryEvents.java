package io.isthmus.server.query;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
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
public final class QueryEvents {
  public static final Instant RECEIVED = Instant.parse("2021-02-04T17:51:55.678Z");
  public static final InetSocketAddress CLIENT = address("10.0.0.5", 53124);
  public static final InetSocketAddress LISTENER = address("10.0.0.2", 53);

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

  public static QueryEvents event() {
    return new QueryEvents();
  }

  public QueryEvents source(InetSocketAddress value) {
    source = value;
    return this;
  }

  public QueryEvents local(InetSocketAddress value) {
    local = value;
    return this;
  }

  public QueryEvents transport(Transport value) {
    transport = value;
    return this;
  }

  public QueryEvents qname(String value) {
    qname = name(value);
    return this;
  }

  public QueryEvents qname(Name value) {
    qname = value;
    return this;
  }

  public QueryEvents qtype(int value) {
    qtype = value;
    return this;
  }

  public QueryEvents qclass(int value) {
    qclass = value;
    return this;
  }

  public QueryEvents rcode(int value) {
    rcode = value;
    return this;
  }

  public QueryEvents answers(List<Record> value) {
    answers = value;
    return this;
  }

  public QueryEvents route(RouteKind value, String id) {
    route = value;
    routeId = id;
    return this;
  }

  public QueryEvents vpc(String value) {
    vpcId = value;
    return this;
  }

  public QueryEvents cache(CacheStatus value) {
    cache = value;
    return this;
  }

  public QueryEvents latencyNanos(long value) {
    latencyNanos = value;
    return this;
  }

  public QueryEvent build() {
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

  public static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static InetSocketAddress address(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
