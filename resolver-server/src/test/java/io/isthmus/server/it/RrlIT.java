package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.dns.ResponseRateLimiter;
import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting end to end: the demo node, a flood from one address of app1's VPC, and the
 * real dig from inside and outside the flooding /24.
 */
@ResourceLock(DemoAddresses.LOCK)
class RrlIT {
  private static final String NAME = "web.app1.aws.customer.local.";
  private static final String FLOODER = "127.1.10.7";

  @TempDir Path dataDir;

  @BeforeAll
  static void needsDig() {
    Dig.assumeInstalled();
  }

  @Test
  void aFloodFromOneSourceIsLimitedWhileOthersAndTcpAreAnswered() throws Exception {
    try (RunningNode node =
        RunningNode.start(
            dataDir,
            "--isthmus.demo=true",
            "--isthmus.dns.rrl.enabled=true",
            "--isthmus.dns.rrl.responses-per-second=10",
            "--isthmus.dns.rrl.slip=2",
            "--isthmus.dns.rrl.window=2")) {
      Flood flood = new Flood(node.dnsPort, FLOODER);
      CompletableFuture<Void> running = CompletableFuture.runAsync(flood::run);
      try {
        flood.awaitLimited(Duration.ofSeconds(10));

        // Another /24 (the networking VPC): full answers while the flood goes on.
        for (int i = 0; i < 3; i++) {
          Dig other = Dig.query(node.dnsPort, "127.0.10.5", NAME);
          assertThat(other.status()).isEqualTo("NOERROR");
          assertThat(other.flags()).doesNotContain("tc");
          assertThat(other.answers("A")).containsExactly("10.1.0.10");
        }

        // From the flooding address: a slip (TC=1, no records) or silence; with +ignore dig shows
        // the slip instead of retrying over TCP. Each timeout is one dropped response.
        Dig slipped = digUntilTruncated(node.dnsPort, Duration.ofSeconds(15));
        assertThat(slipped.flags()).contains("tc");
        assertThat(slipped.section("ANSWER")).isEmpty();

        // TCP is never limited: the way out for a real client.
        Dig tcp = Dig.query(node.dnsPort, FLOODER, "+tcp", NAME);
        assertThat(tcp.status()).isEqualTo("NOERROR");
        assertThat(tcp.answers("A")).containsExactly("10.1.0.10");
      } finally {
        flood.stop();
        running.join();
      }

      assertThat(flood.sent).isGreaterThan(flood.full + flood.slips);
      assertThat(flood.slips).isPositive();
      // At 10 a second, plus one second of burst, over the flood's few seconds.
      assertThat(flood.full).isLessThan(10 * (flood.seconds() + 2));
      ResponseRateLimiter limiter = node.bean(ResponseRateLimiter.class);
      assertThat(limiter.drops()).isPositive();
      assertThat(limiter.slips()).isGreaterThanOrEqualTo(flood.slips);
      String metrics = scrape(node);
      assertThat(counter(metrics, "isthmus_dns_rrl_total{action=\"drop\"}")).isPositive();
      assertThat(counter(metrics, "isthmus_dns_rrl_total{action=\"slip\"}")).isPositive();
      assertThat(counter(metrics, "isthmus_dns_rrl_total{action=\"log_only\"}")).isZero();
    }
  }

  @Test
  void withRrlOffEveryQueryIsAnswered() throws Exception {
    try (RunningNode node = RunningNode.start(dataDir, "--isthmus.demo=true")) {
      assertThat(node.bean(ResponseRateLimiter.class)).isSameAs(ResponseRateLimiter.OFF);
      Flood flood = new Flood(node.dnsPort, FLOODER);
      for (int burst = 0; burst < 5; burst++) {
        flood.burst();
      }
      assertThat(flood.sent).isEqualTo(1_000);
      assertThat(flood.full).isEqualTo(1_000);
      assertThat(flood.slips).isZero();
      assertThat(counter(scrape(node), "isthmus_dns_rrl_total{action=\"drop\"}")).isZero();
    }
  }

  /** dig from the flooder with +ignore until a response shows TC (a slip), within a deadline. */
  private static Dig digUntilTruncated(int port, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Dig last;
    do {
      last = Dig.query(port, FLOODER, "+ignore", "+time=1", NAME);
      if (last.flags().contains("tc")) {
        return last;
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no slip seen from " + FLOODER + "; last dig:\n" + last);
  }

  private static String scrape(RunningNode node) throws Exception {
    HttpResponse<String> response = node.call("GET", "/actuator/prometheus", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double counter(String metrics, String series) {
    Matcher m = Pattern.compile(Pattern.quote(series) + " ([0-9.E]+)").matcher(metrics);
    assertThat(m.find()).as("%s in the scrape", series).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /**
   * A bounded UDP flood from one loopback address: bursts of 200 queries, each burst's responses
   * read until 100 ms pass without one, until stopped (at most 200 bursts).
   */
  private static final class Flood {
    private static final int BURST = 200;
    private static final int MAX_BURSTS = 200;

    private final InetSocketAddress server;
    private final InetAddress source;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> limited = new CompletableFuture<>();
    private final long started = System.nanoTime();
    private volatile int sent;
    private volatile int full;
    private volatile int slips;

    Flood(int port, String source) throws IOException {
      this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      this.source = InetAddress.getByName(source);
    }

    void run() {
      try {
        for (int i = 0; i < MAX_BURSTS && !stopped.get(); i++) {
          burst();
          if (slips > 0 && sent > full + slips) {
            limited.complete(null);
          }
        }
      } catch (IOException e) {
        limited.completeExceptionally(e);
        throw new IllegalStateException(e);
      }
      limited.completeExceptionally(new AssertionError("the flood was never limited"));
    }

    void burst() throws IOException {
      try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
        socket.setReceiveBufferSize(1 << 20);
        socket.setSoTimeout(100);
        byte[] query =
            Message.newQuery(Record.newRecord(Name.fromString(NAME), Type.A, 1)).toWire();
        for (int i = 0; i < BURST; i++) {
          query[0] = (byte) (i >> 8);
          query[1] = (byte) i;
          socket.send(new DatagramPacket(query, query.length, server));
          sent++;
        }
        byte[] buffer = new byte[4096];
        while (true) {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          try {
            socket.receive(packet);
          } catch (SocketTimeoutException quiet) {
            return;
          }
          Message response = new Message(Arrays.copyOf(buffer, packet.getLength()));
          if (response.getHeader().getFlag(Flags.TC)) {
            assertThat(response.getSection(Section.ANSWER)).isEmpty();
            slips++;
          } else {
            assertThat(response.getSection(Section.ANSWER)).hasSize(1);
            full++;
          }
        }
      }
    }

    void awaitLimited(Duration within) throws Exception {
      limited.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
      stopped.set(true);
    }

    int seconds() {
      return (int) Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
    }
  }
}
