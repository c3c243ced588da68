package io.isthmus.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.route.Resolver;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.ForwarderOptions;
import io.isthmus.server.query.Transport;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotQueryResolver;
import io.isthmus.zone.ApexRecords;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * Coverage-guided fuzzing of the whole query path: decode → admit → resolve → finish, with the real
 * {@link SnapshotQueryResolver} over a compiled snapshot (a private zone with a CNAME chain, a
 * wildcard and a CNAME into a forwarded domain; a FORWARD rule; default resolution). The forwarder
 * is a real one, closed: forwarded names get its SERVFAIL at once, so no input touches the network
 * and every answer is complete when {@code process} returns.
 *
 * <p>Each input is one DNS message, asked over UDP and over TCP. Properties: nothing throws, no
 * stage fails (the pipeline's internal error count stays 0), the future is complete, and the
 * response — present unless the input is shorter than a header or is itself a response — parses
 * with dnsjava, echoes the ID, has QR set and fits the transport's size limit.
 *
 * <p>Seeds and findings: {@code src/test/resources/io/isthmus/server/dns/QueryPipelineFuzzInputs/
 * pipeline/}. See docs/fuzzing.md.
 */
class QueryPipelineFuzz {

  private static final String OWNER = "111111111111";
  private static final Vpc VPC =
      new Vpc("vpc-0000000000000000f", OWNER, "fuzz", "us-east-1", List.of("10.0.0.0/16"));
  private static final HostedZone CORP =
      new HostedZone("ZFUZZ0000000001", "corp.example.", OWNER, null);
  private static final ResolverEndpoint OUT =
      new ResolverEndpoint(
          "rslvr-out-0000000000000000f",
          OWNER,
          "out",
          ResolverEndpoint.Direction.OUTBOUND,
          VPC.id(),
          List.of(new TargetAddress("127.77.0.1", 53)),
          List.of());
  private static final ResolverRule ONPREM =
      new ResolverRule(
          "rslvr-rr-0000000000000000f",
          OWNER,
          "onprem",
          "onprem.example.",
          ResolverRule.RuleType.FORWARD,
          // Never contacted: the forwarder is closed.
          List.of(new TargetAddress("127.77.0.2", 53)),
          OUT.id(),
          "us-east-1");

  private static final QueryPipeline PIPELINE = pipeline();

  private static QueryPipeline pipeline() {
    List<RecordSet> records = new ArrayList<>(ApexRecords.defaults(CORP.name()));
    records.add(RecordSet.simple("www.corp.example.", "A", 300, List.of("10.0.0.1", "10.0.0.2")));
    records.add(RecordSet.simple("www.corp.example.", "AAAA", 300, List.of("fd00::1")));
    records.add(RecordSet.simple("a.corp.example.", "CNAME", 300, List.of("b.corp.example.")));
    records.add(RecordSet.simple("b.corp.example.", "CNAME", 300, List.of("www.corp.example.")));
    records.add(RecordSet.simple("*.wild.corp.example.", "A", 60, List.of("10.0.9.9")));
    records.add(
        RecordSet.simple("txt.corp.example.", "TXT", 60, List.of("\"" + "x".repeat(200) + "\"")));
    records.add(
        RecordSet.simple("out.corp.example.", "CNAME", 300, List.of("dc1.onprem.example.")));
    ConfigData data =
        new ConfigData(
            1,
            List.of(VPC),
            List.of(new ZoneData(CORP, records, List.of(VPC.id()))),
            List.of(OUT),
            List.of(ONPREM),
            List.of(new RuleAssociation("assoc-f", ONPREM.id(), VPC.id())));
    SnapshotHolder holder = new SnapshotHolder();
    holder.publish(new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).compile(data));
    Forwarder forwarder = new Forwarder(ForwarderOptions.defaults(), Ticker.systemTicker());
    forwarder.close();
    Resolver resolver = new Resolver(List.of(new InetSocketAddress("127.77.0.3", 53)));
    return new QueryPipeline("node-fuzz", new SnapshotQueryResolver(holder, resolver, forwarder));
  }

  private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.9", 40000);
  private static final InetSocketAddress LISTENER = new InetSocketAddress("10.0.0.2", 53);

  @FuzzTest(maxDuration = "20s")
  void pipeline(byte[] query) throws IOException {
    for (Transport transport : Transport.values()) {
      byte[] copy = query.clone();
      CompletableFuture<byte[]> answer = PIPELINE.process(copy, CLIENT, LISTENER, transport);
      assertThat(copy).as("the query is not modified").isEqualTo(query);
      assertThat(answer).as("complete: nothing here waits").isDone();
      assertThat(PIPELINE.internalErrors()).as("no stage failed").isZero();
      checkResponse(query, answer.join(), transport);
    }
  }

  private static void checkResponse(byte[] query, byte[] response, Transport transport)
      throws IOException {
    boolean dropped = query.length < 12 || (query[2] & 0x80) != 0;
    if (dropped) {
      assertThat(response).as("no answer to a fragment or a response").isNull();
      return;
    }
    assertThat(response).as("every query gets an answer").isNotNull();
    Message parsed = new Message(response);
    assertThat(parsed.getHeader().getID()).isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
    assertThat(parsed.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(response.length).isLessThanOrEqualTo(sizeLimit(query, transport));
  }

  /**
   * An upper bound of the size limit, derived from the query without the pipeline's code: 512 bytes
   * over UDP unless the query parses and advertises more in an OPT (RFC 1035 §4.2.1, RFC 6891
   * §6.2.5), 65535 over TCP.
   */
  private static int sizeLimit(byte[] query, Transport transport) {
    if (transport == Transport.TCP) {
      return 65535;
    }
    try {
      OPTRecord opt = new Message(query).getOPT();
      return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
    } catch (IOException | RuntimeException unparseable) {
      return 512;
    }
  }
}
