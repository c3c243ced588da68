package io.isthmus.server.dns;

import static io.isthmus.server.query.QueryEvents.CLIENT;
import static io.isthmus.server.query.QueryEvents.LISTENER;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.QueryEvents;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.query.Transport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The pipeline reports exactly one event per query, whatever became of it. */
class QueryPipelineObservationTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.250Z");
  private static final Name WWW = QueryEvents.name("WwW.Example.test.");

  private final List<QueryEvent> events = new ArrayList<>();
  private final AtomicInteger internalErrors = new AtomicInteger();
  private final AtomicLong ticks = new AtomicLong(1_000);

  private final QueryObserver recorder =
      new QueryObserver() {
        @Override
        public void onQuery(QueryEvent event) {
          events.add(event);
        }

        @Override
        public void onInternalError() {
          internalErrors.incrementAndGet();
        }
      };

  /** Each read of the ticker advances it by 500 ns: latency = 500 ns per pair of reads. */
  private QueryPipeline pipeline(QueryResolver resolver) {
    return new QueryPipeline(
        "node-1", resolver, recorder, Clock.fixed(NOW, ZoneOffset.UTC), () -> ticks.getAndAdd(500));
  }

  private static Resolution answer() {
    Record a = new ARecord(WWW, DClass.IN, 60, QueryEvents.address("192.0.2.1", 0).getAddress());
    return Resolution.local(
        Rcode.NOERROR, List.of(a), List.of(), null, null, RouteKind.HOSTED_ZONE, "Z1", "vpc-1");
  }

  private static byte[] query(Name name, int type) {
    return Message.newQuery(Record.newRecord(name, type, DClass.IN)).toWire();
  }

  @Test
  void anAnsweredQuery() {
    byte[] response =
        pipeline((s, l, n, t) -> CompletableFuture.completedFuture(answer()))
            .process(query(WWW, Type.A), CLIENT, LISTENER, Transport.TCP)
            .join();

    assertThat(events).hasSize(1);
    QueryEvent event = events.get(0);
    assertThat(event.timestampMillis()).isEqualTo(NOW.toEpochMilli());
    assertThat(event.source()).isEqualTo(CLIENT);
    assertThat(event.local()).isEqualTo(LISTENER);
    assertThat(event.transport()).isEqualTo(Transport.TCP);
    assertThat(event.qname()).isSameAs(event.qname()).hasToString("WwW.Example.test.");
    assertThat(event.qtype()).isEqualTo(Type.A);
    assertThat(event.qclass()).isEqualTo(DClass.IN);
    assertThat(event.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(event.answers()).hasSize(1);
    assertThat(event.route()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(event.routeId()).isEqualTo("Z1");
    assertThat(event.vpcId()).isEqualTo("vpc-1");
    assertThat(event.cache()).isEqualTo(CacheStatus.NONE);
    assertThat(event.latencyNanos()).isEqualTo(500);
    assertThat(event.responseSize()).isEqualTo(response.length);
    assertThat(event.edeCode()).isEqualTo(-1);
  }

  @Test
  void aForwardedQueryIsObservedWhenItCompletes() {
    CompletableFuture<Resolution> upstream = new CompletableFuture<>();
    CompletableFuture<byte[]> response =
        pipeline((s, l, n, t) -> upstream)
            .process(query(WWW, Type.A), CLIENT, LISTENER, Transport.UDP);
    assertThat(events).isEmpty();

    Resolution forwarded = answer();
    upstream.complete(
        new Resolution(
            forwarded.rcode(),
            false,
            forwarded.answer(),
            List.of(),
            Resolution.NO_EDE,
            null,
            RouteKind.FORWARD,
            "rslvr-rr-1",
            "vpc-1",
            null,
            null,
            CacheStatus.MISS,
            List.of()));
    assertThat(response.join()).isNotNull();
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.cache()).isEqualTo(CacheStatus.MISS);
              assertThat(e.route()).isEqualTo(RouteKind.FORWARD);
            });
  }

  @Test
  void droppedQueriesAreObservedWithoutAResponse() {
    QueryPipeline pipeline = pipeline((s, l, n, t) -> CompletableFuture.completedFuture(answer()));
    assertThat(pipeline.process(new byte[5], CLIENT, LISTENER, Transport.UDP).join()).isNull();
    Message response = Message.newQuery(Record.newRecord(WWW, Type.A, DClass.IN));
    response.getHeader().setFlag(Flags.QR);
    assertThat(pipeline.process(response.toWire(), CLIENT, LISTENER, Transport.UDP).join())
        .isNull();

    assertThat(events).hasSize(2);
    assertThat(events.get(0).dropped()).isTrue();
    assertThat(events.get(0).qname()).isNull();
    assertThat(events.get(0).qtype()).isEqualTo(-1);
    assertThat(events.get(0).responseSize()).isZero();
    assertThat(events.get(1).dropped()).isTrue();
  }

  @Test
  void wireLayerAnswersHaveNoRouteAndNoVpc() {
    QueryPipeline pipeline = pipeline((s, l, n, t) -> CompletableFuture.completedFuture(answer()));
    byte[] malformed = query(WWW, Type.A);
    malformed = Arrays.copyOf(malformed, malformed.length - 2);
    pipeline.process(malformed, CLIENT, LISTENER, Transport.UDP).join();

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rcode()).isEqualTo(Rcode.FORMERR);
              assertThat(e.route()).isNull();
              assertThat(e.vpcId()).isNull();
              assertThat(e.responseSize()).isPositive();
            });
  }

  @Test
  void aResolverBugIsServfailOneEventAndOneInternalError() {
    QueryPipeline pipeline =
        pipeline(
            (s, l, n, t) -> {
              throw new IllegalStateException("bug");
            });
    byte[] response = pipeline.process(query(WWW, Type.A), CLIENT, LISTENER, Transport.UDP).join();

    assertThat(response).isNotNull();
    assertThat(internalErrors).hasValue(1);
    assertThat(pipeline.internalErrors()).isEqualTo(1);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rcode()).isEqualTo(Rcode.SERVFAIL);
              assertThat(e.qname()).hasToString("WwW.Example.test.");
            });
  }

  @Test
  void aThrowingObserverDoesNotChangeTheAnswer() {
    QueryPipeline pipeline =
        new QueryPipeline(
            "node-1",
            (s, l, n, t) -> CompletableFuture.completedFuture(answer()),
            event -> {
              throw new IllegalStateException("observer bug");
            });
    byte[] query = query(WWW, Type.A);
    byte[] response = pipeline.process(query, CLIENT, LISTENER, Transport.UDP).join();
    assertThat(
            new QueryPipeline("node-1", (s, l, n, t) -> CompletableFuture.completedFuture(answer()))
                .process(query, CLIENT, LISTENER, Transport.UDP)
                .join())
        .isEqualTo(response);
    assertThat(pipeline.internalErrors()).isZero();
  }

  @Test
  void withoutAnObserverNoClockIsRead() {
    QueryPipeline pipeline =
        new QueryPipeline(
            "node-1",
            (s, l, n, t) -> CompletableFuture.completedFuture(answer()),
            QueryObserver.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC),
            () -> {
              throw new AssertionError("ticker read");
            });
    assertThat(pipeline.process(query(WWW, Type.A), CLIENT, LISTENER, Transport.UDP).join())
        .isNotNull();
  }
}
