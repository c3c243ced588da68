package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import io.isthmus.testsupport.Dig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ExternalDNS's aws provider with {@code --aws-zone-type=private} and its TXT registry, replayed
 * call for call by aws-replays/external_dns.py (which cites the code it follows): each run is one
 * sync loop (ListHostedZones, ListTagsForResources, ListResourceRecordSets pages of 300, then
 * ChangeResourceRecordSets batches). What it writes is read back in Route 53's order with the TXT
 * values byte for byte, and the real dig, from an address of the zones' VPC, answers it.
 */
class ExternalDnsReplayIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CLIENT = "127.61.0.5";
  private static final String APPS = "apps.edns.internal";
  private static final String BATCH = "batch.edns.internal";
  private static final Map<String, String> CLUSTER_TAG = Map.of("k8s-cluster", "replay");

  /** Enough record sets (3 for each) that the zone is listed in two pages of 300. */
  private static final int BULK = 100;

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;
  private static AwsReplay replay;
  private static RunningNode.AwsAccount account;
  private static String appsZone;
  private static String batchZone;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
    replay = new AwsReplay(awsCli, node.dnsPort);
    account = node.awsAccount("external-dns");
    String vpc =
        cli("ec2", "create-vpc", "--cidr-block", "127.61.0.0/16")
            .get("Vpc")
            .get("VpcId")
            .asString();
    appsZone = zone(APPS, vpc, true);
    batchZone = zone(BATCH, vpc, true);
    // In the VPC and in the domain, but without the cluster's tag: the tag filter leaves it out.
    zone("untagged.edns.internal", vpc, false);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void syncLoopsCreateListUpsertAndDeleteWhatDigAnswers() throws Exception {
    List<Map<String, Object>> desired = new ArrayList<>();
    desired.add(endpoint("web." + APPS, "A", "service/default/web", "10.61.0.10"));
    desired.add(endpoint("*.wild." + APPS, "A", "ingress/default/wild", "10.61.0.20"));
    desired.add(endpoint("api." + APPS, "CNAME", "service/default/api", "web." + APPS));
    for (int i = 0; i < BULK; i++) {
      String name = String.format("svc-%03d", i);
      desired.add(endpoint(name + "." + APPS, "A", "service/default/" + name, "10.61.1." + i));
    }

    JsonNode created = sync(APPS, desired);
    assertThat(created.get("zones").valueStream().map(JsonNode::asString))
        .containsExactly(appsZone);
    assertThat(created.get("batches")).hasSize(1);
    assertThat(created.get("batches").get(0).get("result").asString()).isEqualTo("ok");
    assertThat(created.get("batches").get(0).get("changes")).hasSize(3 * BULK + 3 + 3 + 2);

    // The next loop reads everything back and finds nothing to change: names (the wildcard as
    // \052), types, the CNAME's target and the registry's TXT values are what it wrote.
    JsonNode again = sync(APPS, desired);
    assertThat(again.get("batches")).isEmpty();
    assertThat(again.get("calls").valueStream().map(JsonNode::asString))
        .containsExactly(
            "list_hosted_zones",
            "list_tags_for_resources",
            "list_resource_record_sets",
            "list_resource_record_sets");
    assertThat(again.get("pages").get(appsZone).asInt()).isEqualTo(2);
    List<String> read = names(again.get("read"));
    assertThat(read).hasSize(3 * BULK + 8 + 2).doesNotHaveDuplicates();
    List<String> inRoute53Order = new ArrayList<>(read);
    inRoute53Order.sort(Comparator.comparing(ExternalDnsReplayIT::route53Key));
    assertThat(read).isEqualTo(inRoute53Order);
    assertThat(read.stream().filter(n -> !n.contains("svc-")))
        .containsExactly(
            APPS + ". NS",
            APPS + ". SOA",
            "a-web." + APPS + ". TXT",
            "api." + APPS + ". CNAME",
            "cname-api." + APPS + ". TXT",
            "web." + APPS + ". A",
            "web." + APPS + ". TXT",
            "\\052.wild." + APPS + ". A",
            "\\052.wild." + APPS + ". TXT",
            "a-\\052.wild." + APPS + ". TXT");
    String webOwner =
        "\"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/web\"";
    assertThat(values(again.get("read"), "a-web." + APPS + ".", "TXT")).containsExactly(webOwner);
    assertThat(values(again.get("read"), "web." + APPS + ".", "TXT")).containsExactly(webOwner);
    assertThat(values(again.get("read"), "a-\\052.wild." + APPS + ".", "TXT"))
        .containsExactly(
            "\"heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/default/wild\"");

    replay.awaitAnswer(CLIENT, "web." + APPS, "A", "10.61.0.10");
    replay.awaitAnswer(CLIENT, "svc-042." + APPS, "A", "10.61.1.42");
    replay.awaitAnswer(CLIENT, "anything.wild." + APPS, "A", "10.61.0.20");
    replay.awaitAnswer(CLIENT, "two.labels.wild." + APPS, "A", "10.61.0.20");
    assertThat(replay.awaitAnswer(CLIENT, "api." + APPS, "A", "10.61.0.10").answers("CNAME"))
        .containsExactly("web." + APPS + ".");
    replay.awaitAnswer(CLIENT, "a-web." + APPS, "TXT", webOwner);

    // One loop with a new endpoint, a changed one and a removed one: one batch of CREATE, UPSERT
    // and DELETE changes, in ExternalDNS's order (UPSERT, DELETE, CREATE; then name, type).
    desired.set(0, endpoint("web." + APPS, "A", "service/default/web", "10.61.0.11"));
    desired.remove(2);
    desired.add(endpoint("db." + APPS, "A", "service/default/db", "10.61.0.30"));
    JsonNode changed = sync(APPS, desired);
    assertThat(changed.get("batches")).hasSize(1);
    assertThat(changed.get("batches").get(0).get("result").asString()).isEqualTo("ok");
    assertThat(changes(changed.get("batches").get(0)))
        .containsExactly(
            "UPSERT a-web." + APPS + " TXT",
            "UPSERT web." + APPS + " A",
            "UPSERT web." + APPS + " TXT",
            "DELETE api." + APPS + " CNAME",
            "DELETE cname-api." + APPS + " TXT",
            "CREATE a-db." + APPS + " TXT",
            "CREATE db." + APPS + " A",
            "CREATE db." + APPS + " TXT");

    replay.awaitAnswer(CLIENT, "web." + APPS, "A", "10.61.0.11");
    replay.awaitAnswer(CLIENT, "db." + APPS, "A", "10.61.0.30");
    Dig gone = replay.await(CLIENT, "api." + APPS, "A", "NXDOMAIN", List.of());
    assertThat(gone.section("AUTHORITY")).singleElement().asString().startsWith(APPS + ". ");
    assertThat(gone.section("AUTHORITY").get(0)).contains(" SOA ");
    replay.await(CLIENT, "cname-api." + APPS, "TXT", "NXDOMAIN", List.of());
    assertThat(sync(APPS, desired).get("batches")).isEmpty();
  }

  /**
   * A batch with one bad change is refused whole (InvalidChangeBatch naming it); ExternalDNS then
   * sends each record's group alone: the good one is applied, the bad one refused again, and none
   * of the bad group's records (its valid TXT records included) is ever written.
   */
  @Test
  void aBatchWithOneBadChangeAppliesNothing() throws Exception {
    List<Map<String, Object>> desired =
        List.of(
            endpoint("good." + BATCH, "A", "service/default/good", "10.61.2.1"),
            endpoint("bad." + BATCH, "A", "service/default/bad", "10.61.2.300"));

    JsonNode loop = sync(BATCH, desired);

    JsonNode batches = loop.get("batches");
    assertThat(batches).hasSize(3);
    assertThat(batches.get(0).get("result").asString()).isEqualTo("InvalidChangeBatch");
    assertThat(batches.get(0).get("messages").asString()).contains("10.61.2.300");
    assertThat(changes(batches.get(0))).hasSize(6);
    assertThat(changes(batches.get(1)))
        .containsExactly(
            "CREATE a-bad." + BATCH + " TXT",
            "CREATE bad." + BATCH + " A",
            "CREATE bad." + BATCH + " TXT");
    assertThat(batches.get(1).get("result").asString()).isEqualTo("InvalidChangeBatch");
    assertThat(changes(batches.get(2))).hasSize(3).allMatch(c -> c.contains("good."));
    assertThat(batches.get(2).get("result").asString()).isEqualTo("ok");

    JsonNode next = sync(BATCH, List.of(desired.get(0)));
    assertThat(names(next.get("read")))
        .containsExactly(
            BATCH + ". NS",
            BATCH + ". SOA",
            "a-good." + BATCH + ". TXT",
            "good." + BATCH + ". A",
            "good." + BATCH + ". TXT");
    assertThat(next.get("batches")).isEmpty();
    replay.awaitAnswer(CLIENT, "good." + BATCH, "A", "10.61.2.1");
    replay.await(CLIENT, "a-bad." + BATCH, "TXT", "NXDOMAIN", List.of());
  }

  private static JsonNode sync(String domain, List<Map<String, Object>> desired) throws Exception {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("owner", "default");
    request.put("domainFilter", List.of(domain));
    request.put("tagFilter", CLUSTER_TAG);
    request.put("desired", desired);
    return replay.run("external_dns.py", account, request);
  }

  private static Map<String, Object> endpoint(
      String name, String type, String resource, String target) {
    return Map.of(
        "dnsName", name, "recordType", type, "resource", resource, "targets", List.of(target));
  }

  /** "name type" of each record set read, in the order read. */
  private static List<String> names(JsonNode read) {
    return read.valueStream()
        .map(set -> set.get("name").asString() + " " + set.get("type").asString())
        .toList();
  }

  private static List<String> values(JsonNode read, String name, String type) {
    return read.valueStream()
        .filter(s -> s.get("name").asString().equals(name) && s.get("type").asString().equals(type))
        .flatMap(s -> s.get("values").valueStream())
        .map(JsonNode::asString)
        .toList();
  }

  private static List<String> changes(JsonNode batch) {
    return batch
        .get("changes")
        .valueStream()
        .map(c -> c.get(0).asString() + " " + c.get(1).asString() + " " + c.get(2).asString())
        .toList();
  }

  /** Route 53's listing order of "name type": the name's labels reversed, then the type. */
  private static String route53Key(String entry) {
    String[] nameAndType = entry.split(" ");
    List<String> labels = new ArrayList<>(List.of(nameAndType[0].split("\\.")));
    Collections.reverse(labels);
    return String.join(".", labels) + " " + nameAndType[1];
  }

  /** A private zone in the VPC through the CLI, tagged with the cluster's tag or not; its id. */
  private static String zone(String name, String vpc, boolean tagged) throws Exception {
    String id =
        cli(
                "route53",
                "create-hosted-zone",
                "--name",
                name,
                "--caller-reference",
                "edns-" + name,
                "--vpc",
                "VPCRegion=us-east-1,VPCId=" + vpc)
            .get("HostedZone")
            .get("Id")
            .asString()
            .replace("/hostedzone/", "");
    if (tagged) {
      cli(
          "route53",
          "change-tags-for-resource",
          "--resource-type",
          "hostedzone",
          "--resource-id",
          id,
          "--add-tags",
          "Key=k8s-cluster,Value=replay");
    }
    return id;
  }

  private static JsonNode cli(String... args) throws Exception {
    Run run = awsCli.aws(account.keyId(), account.secret(), args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run.out().isBlank() ? null : JSON.readTree(run.out());
  }
}
