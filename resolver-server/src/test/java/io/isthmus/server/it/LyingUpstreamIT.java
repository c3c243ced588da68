package io.isthmus.server.it;

import static io.isthmus.server.forward.FakeUpstream.answer;
import static io.isthmus.server.forward.FakeUpstream.reply;
import static io.isthmus.server.it.PrivateZonesIT.json;
import static io.isthmus.server.it.PrivateZonesIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.forward.FakeUpstream;
import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A lying on-premises server behind a FORWARD rule for {@code corp.example}, end to end through a
 * running node and the real {@code dig}: it answers with CNAMEs out of its domain and "A" records
 * for their targets, unrelated answer records and poisoned authority and additional sections. The
 * client gets only what the upstream may say; a CNAME out of its domain is resolved again in the
 * VPC's context (a private zone of the VPC, or default resolution by an honest upstream); and a
 * later query for each victim name gets the honest answer, not the lie from the cache.
 */
class LyingUpstreamIT {
  private static final String OPERATOR = RunningNode.OPERATOR_TOKEN;
  private static final String CLIENT = "127.77.1.5";

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static FakeUpstream liar;
  static FakeUpstream honest;
  static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    liar = shared.closeAfterAll(FakeUpstream.start("127.77.2.11"));
    liar.udp((query, replies) -> replies.send(lie(query)));
    honest = shared.closeAfterAll(FakeUpstream.start("127.77.2.12"));
    honest.udp((query, replies) -> replies.send(answer(query, "192.0.2.77")));
    node =
        shared.start("--isthmus.dns.default-upstreams=127.77.2.12:" + honest.address().getPort());
    String token =
        json(ok(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"corp\"}"), 201))
            .get("token")
            .asString();
    String vpc =
        json(ok(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"corp\",\"region\":\"us-east-1\",\"cidrs\":[\"127.77.1.0/24\"]}"),
                201))
            .get("id")
            .asString();
    String outbound =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/endpoints",
                    token,
                    "{\"name\":\"out\",\"direction\":\"OUTBOUND\",\"vpcId\":\""
                        + vpc
                        + "\",\"ipAddresses\":[{\"ip\":\"127.77.2.1\"},{\"ip\":\"127.77.2.2\"}]}"),
                201))
            .get("id")
            .asString();
    String rule =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/rules",
                    token,
                    "{\"name\":\"onprem\",\"domainName\":\"corp.example\",\"ruleType\":\"FORWARD\","
                        + "\"targetIps\":[{\"ip\":\"127.77.2.11\",\"port\":"
                        + liar.address().getPort()
                        + "}],\"resolverEndpointId\":\""
                        + outbound
                        + "\"}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/resolver/rules/" + rule + "/associations",
            token,
            "{\"vpcId\":\"" + vpc + "\"}"),
        201);
    String zone =
        json(ok(
                node.call(
                    "POST",
                    "/v1/hostedzones",
                    token,
                    "{\"name\":\"bank.example\",\"vpcId\":\"" + vpc + "\"}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/hostedzones/" + zone + "/rrsets/changes",
            token,
            "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":\"login.bank.example\","
                + "\"type\":\"A\",\"ttl\":60,\"records\":[\"10.1.1.1\"]}},"
                + "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"back.bank.example\","
                + "\"type\":\"CNAME\",\"ttl\":60,\"records\":[\"loop.corp.example.\"]}}]}"),
        200);
    // A private zone inside the rule's domain: more specific, so it answers its names here.
    String inner =
        json(ok(
                node.call(
                    "POST",
                    "/v1/hostedzones",
                    token,
                    "{\"name\":\"aws.corp.example\",\"vpcId\":\"" + vpc + "\"}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/hostedzones/" + inner + "/rrsets/changes",
            token,
            "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":\"db.aws.corp.example\","
                + "\"type\":\"A\",\"ttl\":60,\"records\":[\"10.2.2.2\"]}}]}"),
        200);
    // Served within a second (spec §8): wait until both the rule and the zone answer.
    awaitDig(d -> d.answers("A").contains("10.0.0.9"), "ready.corp.example");
    awaitDig(d -> d.answers("A").contains("10.1.1.1"), "login.bank.example");
    awaitDig(d -> d.answers("A").contains("10.2.2.2"), "db.aws.corp.example");
  }

  /** What the liar answers, by question name. */
  private static Message lie(Message query) throws IOException {
    String qname = query.getQuestion().getName().toString().toLowerCase(Locale.ROOT);
    Message reply = answer(query);
    switch (qname) {
      case "www.corp.example." -> {
        add(reply, Section.ANSWER, "www.corp.example. 300 IN CNAME login.bank.example.");
        add(reply, Section.ANSWER, "login.bank.example. 86400 IN A 6.6.6.6");
      }
      case "www2.corp.example." -> {
        add(reply, Section.ANSWER, "www2.corp.example. 300 IN CNAME victim.example.net.");
        add(reply, Section.ANSWER, "victim.example.net. 86400 IN A 6.6.6.6");
      }
      case "in.corp.example." -> {
        add(reply, Section.ANSWER, "in.corp.example. 300 IN CNAME db.aws.corp.example.");
        add(reply, Section.ANSWER, "db.aws.corp.example. 300 IN A 6.6.6.6");
      }
      case "loop.corp.example." ->
          add(reply, Section.ANSWER, "loop.corp.example. 300 IN CNAME back.bank.example.");
      case "api.corp.example." -> {
        add(reply, Section.ANSWER, "api.corp.example. 300 IN A 10.0.0.1");
        add(reply, Section.ANSWER, "victim2.example.net. 86400 IN A 6.6.6.6");
        add(reply, Section.AUTHORITY, "example.net. 86400 IN NS ns.attacker.example.");
        add(reply, Section.ADDITIONAL, "ns.attacker.example. 86400 IN A 6.6.6.6");
        add(reply, Section.ADDITIONAL, "victim2.example.net. 86400 IN A 6.6.6.6");
      }
      case "ads.corp.example." -> {
        reply = reply(query, Rcode.NXDOMAIN);
        add(
            reply,
            Section.AUTHORITY,
            "corp.example. 300 IN SOA ns.corp.example. h.corp.example. 1 2 3 4 60");
        reply.addRecord(
            new OPTRecord(
                1232,
                0,
                0,
                0,
                List.<EDNSOption>of(new ExtendedErrorCodeOption(15, "blocked by policy"))),
            Section.ADDITIONAL);
      }
      default -> add(reply, Section.ANSWER, qname + " 300 IN A 10.0.0.9");
    }
    return reply;
  }

  private static void add(Message reply, int section, String line) throws IOException {
    String[] f = line.split(" ", 5);
    reply.addRecord(
        Record.fromString(
            Name.fromString(f[0]),
            org.xbill.DNS.Type.value(f[3]),
            org.xbill.DNS.DClass.IN,
            Long.parseLong(f[1]),
            f[4],
            Name.root),
        section);
  }

  @Test
  void aCnameIntoThePrivateZoneIsAnsweredByTheZoneNotByTheLie() throws Exception {
    Dig dig = Dig.query(node.dnsPort, CLIENT, "www.corp.example");
    assertThat(dig.status()).as(dig.output).isEqualTo("NOERROR");
    assertThat(dig.answers("CNAME")).containsExactly("login.bank.example.");
    assertThat(dig.answers("A")).as(dig.output).containsExactly("10.1.1.1");
    assertThat(dig.flags()).doesNotContain("aa");

    Dig again = Dig.query(node.dnsPort, CLIENT, "www.corp.example");
    assertThat(again.answers("A")).as("from the cache too").containsExactly("10.1.1.1");
    assertThat(Dig.query(node.dnsPort, CLIENT, "login.bank.example").answers("A"))
        .containsExactly("10.1.1.1");
  }

  @Test
  void aCnameOutOfTheRulesDomainIsResolvedByDefaultResolution() throws Exception {
    Dig dig = Dig.query(node.dnsPort, CLIENT, "www2.corp.example");
    assertThat(dig.status()).as(dig.output).isEqualTo("NOERROR");
    assertThat(dig.answers("CNAME")).containsExactly("victim.example.net.");
    assertThat(dig.answers("A")).as(dig.output).containsExactly("192.0.2.77");
    assertThat(honest.receivedFor("victim.example.net.")).hasSize(1);

    Dig victim = Dig.query(node.dnsPort, CLIENT, "victim.example.net");
    assertThat(victim.answers("A")).as(victim.output).containsExactly("192.0.2.77");
  }

  @Test
  void aCnameInsideTheRulesDomainToAMoreSpecificPrivateZoneIsAnsweredByTheZone() throws Exception {
    Dig dig = Dig.query(node.dnsPort, CLIENT, "in.corp.example");
    assertThat(dig.status()).as(dig.output).isEqualTo("NOERROR");
    assertThat(dig.answers("CNAME")).containsExactly("db.aws.corp.example.");
    assertThat(dig.answers("A")).as(dig.output).containsExactly("10.2.2.2");
  }

  @Test
  void aLoopThroughTheUpstreamAndAPrivateZoneIsServfail() throws Exception {
    Dig dig = Dig.query(node.dnsPort, CLIENT, "loop.corp.example");
    assertThat(dig.status()).as(dig.output).isEqualTo("SERVFAIL");
    assertThat(dig.answers("CNAME")).containsExactly("back.bank.example.", "loop.corp.example.");
    assertThat(dig.output).contains("EDE: 0").contains("CNAME loop at loop.corp.example.");
  }

  @Test
  void unrelatedAndPoisonedRecordsNeverReachTheClient() throws Exception {
    Dig dig = Dig.query(node.dnsPort, CLIENT, "api.corp.example");
    assertThat(dig.status()).as(dig.output).isEqualTo("NOERROR");
    assertThat(dig.section("ANSWER")).hasSize(1);
    assertThat(dig.answers("A")).containsExactly("10.0.0.1");
    assertThat(dig.output).doesNotContain("6.6.6.6").doesNotContain("attacker");

    Dig victim = Dig.query(node.dnsPort, CLIENT, "victim2.example.net");
    assertThat(victim.answers("A")).as(victim.output).containsExactly("192.0.2.77");
    assertThat(honest.receivedFor("victim2.example.net.")).hasSize(1);
  }

  @Test
  void theUpstreamsExtendedErrorReachesTheClientAlsoFromTheCache() throws Exception {
    for (int i = 0; i < 2; i++) {
      Dig dig = Dig.query(node.dnsPort, CLIENT, "ads.corp.example");
      assertThat(dig.status()).as(dig.output).isEqualTo("NXDOMAIN");
      assertThat(dig.output).contains("EDE: 15").contains("blocked by policy");
    }
    assertThat(liar.receivedFor("ads.corp.example.")).as("the second from the cache").hasSize(1);
  }

  private static Dig awaitDig(java.util.function.Predicate<Dig> done, String... args)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    Dig dig = Dig.query(node.dnsPort, CLIENT, args);
    while (!done.test(dig) && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(50_000_000L);
      dig = Dig.query(node.dnsPort, CLIENT, args);
    }
    assertThat(done.test(dig)).as(dig.output).isTrue();
    return dig;
  }
}
