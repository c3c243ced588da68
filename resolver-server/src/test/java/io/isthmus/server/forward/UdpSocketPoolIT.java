package io.isthmus.server.forward;

import static io.isthmus.server.forward.FakeUpstream.answer;
import static io.isthmus.server.forward.ForwardCacheTest.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.isthmus.server.dns.NettyPlatform;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The UDP socket pool against a scripted upstream on real loopback sockets: many queries share a
 * socket without sharing an ID, replies reach only their own query, and sockets are retired so the
 * source ports keep changing.
 */
class UdpSocketPoolIT {

  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final int BURST = 100;

  private final NettyPlatform platform = NettyPlatform.detect();
  private final ReplyValidator validator = new ReplyValidator();
  private EventLoopGroup group;
  private EventLoop loop;
  private FakeUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, platform.ioHandlerFactory());
    loop = group.next();
    upstream = FakeUpstream.start("127.0.0.11");
    upstream.udp((query, replies) -> replies.send(answerFor(query)));
  }

  @AfterEach
  void stop() throws Exception {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    upstream.close();
  }

  @Test
  void queriesInFlightOnOneSocketNeverShareAnId() throws Exception {
    // Held back until all are in flight: 2,000 random IDs out of 65,536 would collide almost
    // surely (birthday bound) if the socket did not avoid the IDs in flight.
    upstream.udp((query, replies) -> replies.sendLater(answerFor(query), Duration.ofMillis(1500)));
    UdpSocketPool pool = pool(1, 0xFFFF, Duration.ofHours(1));

    List<CompletableFuture<ExchangeOutcome>> outcomes = sendAll(pool, null, 2000);

    assertAllAnsweredCorrectly(outcomes);
    List<FakeUpstream.Received> received = upstream.received();
    assertThat(received).hasSize(2000);
    assertThat(received.stream().map(r -> r.sender().getPort()).distinct()).hasSize(1);
    assertThat(received.stream().map(r -> r.query().getHeader().getID()).distinct()).hasSize(2000);
  }

  @Test
  void manyConcurrentQueriesGetTheirOwnRepliesEvenWhenCrossedOnPurpose() throws Exception {
    // Replies come back in random order, and each query first gets the reply of the previous
    // query on its port under its own ID: a question check must stop the crossing.
    Map<Integer, Message> previousByPort = new ConcurrentHashMap<>();
    upstream.udp(
        (query, replies) -> {
          Message previous = previousByPort.put(replies.clientPort(), query);
          if (previous != null) {
            Message crossed = answerFor(previous);
            crossed.getHeader().setID(query.getHeader().getID());
            replies.send(crossed);
          }
          replies.sendLater(
              answerFor(query), Duration.ofMillis(ThreadLocalRandom.current().nextInt(200)));
        });
    UdpSocketPool pool = pool(4, 0xFFFF, Duration.ofHours(1));

    List<CompletableFuture<ExchangeOutcome>> outcomes =
        sendAll(pool, InetAddress.getByName("127.0.0.55"), 1000);

    assertAllAnsweredCorrectly(outcomes);
    assertThat(upstream.received())
        .extracting(r -> r.sender().getAddress().getHostAddress())
        .containsOnly("127.0.0.55");
    assertThat(validator.dropped()).isGreaterThanOrEqualTo(1000 - 4);
  }

  @Test
  void socketsAreRetiredAfterTheirQueriesSoPortsKeepChanging() throws Exception {
    UdpSocketPool pool = pool(2, 3, Duration.ofHours(1));

    for (int i = 0; i < 30; i++) {
      assertAllAnsweredCorrectly(sendAll(pool, null, 1));
    }

    Map<Integer, Long> queriesPerPort =
        upstream.received().stream()
            .collect(Collectors.groupingBy(r -> r.sender().getPort(), Collectors.counting()));
    assertThat(queriesPerPort.values()).allMatch(n -> n <= 3);
    assertThat(queriesPerPort).hasSizeGreaterThanOrEqualTo(10);
    assertThat(onLoop(pool::liveSockets)).isLessThanOrEqualTo(2);
  }

  @Test
  void socketsAreRetiredAfterTheirAgeEvenWhenIdle() throws Exception {
    UdpSocketPool pool = pool(1, 0xFFFF, Duration.ofMillis(100));
    assertAllAnsweredCorrectly(sendAll(pool, null, 1));
    assertThat(onLoop(pool::liveSockets)).isEqualTo(1);

    await().atMost(Duration.ofSeconds(3)).until(() -> onLoop(pool::liveSockets) == 0);
    assertAllAnsweredCorrectly(sendAll(pool, null, 1));

    Set<Integer> ports =
        upstream.received().stream().map(r -> r.sender().getPort()).collect(Collectors.toSet());
    assertThat(ports).hasSize(2);
  }

  @Test
  void aLateReplyAfterTheTimeoutIsDroppedAndTheSocketServesOn() throws Exception {
    upstream.udp((query, replies) -> replies.sendLater(answerFor(query), Duration.ofMillis(300)));
    UdpSocketPool pool = pool(1, 0xFFFF, Duration.ofHours(1));

    CompletableFuture<ExchangeOutcome> late =
        onLoop(
            () ->
                pool.exchange(
                    null,
                    upstream.address(),
                    name("q0.example.com."),
                    Type.A,
                    DClass.IN,
                    TimeUnit.MILLISECONDS.toNanos(50)));
    assertThat(late.get(5, TimeUnit.SECONDS)).isInstanceOf(ExchangeOutcome.Timeout.class);
    await().atMost(Duration.ofSeconds(3)).until(() -> validator.dropped() == 1);

    upstream.udp((query, replies) -> replies.send(answerFor(query)));
    assertAllAnsweredCorrectly(sendAll(pool, null, 1));
  }

  private UdpSocketPool pool(int sockets, int maxQueries, Duration maxAge) throws Exception {
    Bootstrap udp = Exchanger.udpBootstrap(platform, loop);
    return onLoop(
        () ->
            new UdpSocketPool(
                udp, loop, validator, new SecureRandom(), sockets, maxQueries, maxAge));
  }

  /**
   * Sends q0…q(count-1).example.com., on the pool's loop as the forwarder does; in bursts of 100,
   * so that the upstream's receive buffer never overflows (a lost query would time out).
   */
  private List<CompletableFuture<ExchangeOutcome>> sendAll(
      UdpSocketPool pool, InetAddress source, int count) throws Exception {
    List<CompletableFuture<ExchangeOutcome>> outcomes = new ArrayList<>();
    for (int from = 0; from < count; from += BURST) {
      int first = from;
      int last = Math.min(count, from + BURST);
      outcomes.addAll(
          onLoop(
              () -> {
                List<CompletableFuture<ExchangeOutcome>> burst = new ArrayList<>();
                for (int i = first; i < last; i++) {
                  burst.add(
                      pool.exchange(
                          source,
                          upstream.address(),
                          name("q" + i + ".example.com."),
                          Type.A,
                          DClass.IN,
                          TIMEOUT_NANOS));
                }
                return burst;
              }));
      Thread.sleep(5);
    }
    return outcomes;
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(10, TimeUnit.SECONDS);
  }

  /** q17.example.com. is answered 10.0.0.17: whoever gets which answer is visible. */
  private static Message answerFor(Message query) {
    return answer(query, addressFor(query.getQuestion().getName().toString()));
  }

  private static String addressFor(String qname) {
    int i = Integer.parseInt(qname.substring(1, qname.indexOf('.')));
    return "10.0." + (i / 256) + "." + (i % 256);
  }

  private static void assertAllAnsweredCorrectly(List<CompletableFuture<ExchangeOutcome>> outcomes)
      throws Exception {
    for (int i = 0; i < outcomes.size(); i++) {
      ExchangeOutcome outcome = outcomes.get(i).get(10, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(ExchangeOutcome.Reply.class);
      Message reply = ((ExchangeOutcome.Reply) outcome).message();
      String qname = "q" + i + ".example.com.";
      assertThat(reply.getQuestion().getName().toString()).isEqualTo(qname);
      assertThat(reply.getSection(Section.ANSWER))
          .extracting(Record::rdataToString)
          .containsExactly(addressFor(qname));
    }
  }
}
