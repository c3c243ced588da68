package io.isthmus.admin.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.TestAdminApplication.MovableAppliedVersion;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.RegisteredNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/nodes} and the change status across nodes. Live nodes hold every new change
 * PENDING, so these tests run on a store of their own: the property gives them an application
 * context, and so an in-memory database, that no other test class shares.
 */
@TestPropertySource(properties = "isthmus.test.store=nodes")
class NodesTest extends ApiTestSupport {
  private static final Instant NOW = TestAdminApplication.NOW;
  private static final Instant STARTED = NOW.minusSeconds(3600);

  @Autowired NodeRegistry nodes;
  @Autowired LeaseStore leases;
  @Autowired ConfigStore store;
  @Autowired MovableAppliedVersion appliedVersion;

  @AfterEach
  void forgetNodes() {
    nodes.nodes().forEach(node -> nodes.forget(node.nodeId()));
    leases
        .holder(LeaseStore.HEALTH_EVALUATION)
        .ifPresent(holder -> leases.release(LeaseStore.HEALTH_EVALUATION, holder));
    appliedVersion.set(Long.MAX_VALUE);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.stringValue()));
    return texts;
  }

  @Test
  void theOperatorListsTheNodesLiveOrStale() {
    nodes.heartbeat("node-b", List.of("us-east-1", "eu-west-1"), 7, STARTED, NOW.minusSeconds(10));
    nodes.heartbeat("node-a", List.of(), 9, STARTED, NOW.minusMillis(10_001));
    nodes.heartbeat("node-c", List.of("us-east-1"), 9, STARTED, NOW);

    Reply reply = get("/v1/nodes", OPERATOR).expect(200);

    JsonNode items = reply.body().get("items");
    assertThat(items).hasSize(3);
    JsonNode a = items.get(0);
    assertThat(a.get("nodeId").stringValue()).isEqualTo("node-a");
    assertThat(a.get("regions")).isEmpty();
    assertThat(a.get("snapshotGeneration").longValue()).isEqualTo(9);
    assertThat(a.get("lastSeen").stringValue()).isEqualTo("2025-03-01T11:59:50.122Z");
    assertThat(a.get("startedAt").stringValue()).isEqualTo("2025-03-01T11:00:00.123Z");
    assertThat(a.get("status").stringValue()).isEqualTo("STALE");
    JsonNode b = items.get(1);
    assertThat(texts(b.get("regions"))).containsExactly("us-east-1", "eu-west-1");
    assertThat(b.get("status").stringValue()).as("10 s ago is still live").isEqualTo("LIVE");
    assertThat(items.get(2).get("status").stringValue()).isEqualTo("LIVE");

    Reply page = get("/v1/nodes?maxItems=2", OPERATOR).expect(200);
    assertThat(page.body().get("items")).hasSize(2);
    Reply rest = get("/v1/nodes?nextToken=" + page.text("/nextToken"), OPERATOR).expect(200);
    assertThat(rest.body().get("items").get(0).get("nodeId").stringValue()).isEqualTo("node-c");
  }

  /** docs/spec/operations.md "Several nodes, shared store": what each node's entry says. */
  @Test
  void eachNodeSaysWhetherItLeadsReachesTheStoreServesStaleAndHowFarBehindItIs() {
    long storeVersion = store.version();
    nodes.heartbeat("node-a", List.of(), storeVersion, STARTED, NOW, false);
    nodes.heartbeat("node-b", List.of(), storeVersion - 1, STARTED, NOW, true);
    nodes.heartbeat("node-c", List.of(), storeVersion + 1, STARTED, NOW.minusSeconds(11), false);
    assertThat(leases.acquire(LeaseStore.HEALTH_EVALUATION, "node-b", Duration.ofMinutes(1)))
        .isTrue();

    JsonNode items = get("/v1/nodes", OPERATOR).expect(200).body().get("items");

    JsonNode a = items.get(0);
    assertThat(a.get("healthLeader").booleanValue()).isFalse();
    assertThat(a.get("storeReachable").booleanValue()).isTrue();
    assertThat(a.get("servingStale").booleanValue()).isFalse();
    assertThat(a.get("lagVersions").longValue()).isZero();
    JsonNode b = items.get(1);
    assertThat(b.get("healthLeader").booleanValue()).isTrue();
    assertThat(b.get("servingStale").booleanValue()).isTrue();
    assertThat(b.get("lagVersions").longValue()).isEqualTo(1);
    JsonNode c = items.get(2);
    assertThat(c.get("healthLeader").booleanValue()).isFalse();
    assertThat(c.get("storeReachable").booleanValue()).as("not seen for 11 s").isFalse();
    assertThat(c.get("lagVersions").longValue()).as("ahead is not behind").isZero();
  }

  @Test
  void withNoLeaseHeldNoNodeLeads() {
    nodes.heartbeat("node-a", List.of(), store.version(), STARTED, NOW, false);

    JsonNode a = get("/v1/nodes", OPERATOR).expect(200).body().get("items").get(0);

    assertThat(a.get("healthLeader").booleanValue()).isFalse();
  }

  @Test
  void accountsMayNotListTheNodes() {
    Acct acct = account("nodes-curious");
    get("/v1/nodes", acct.token()).problem(403, "AccessDenied");
    get("/v1/nodes", null).expect(401);
  }

  @Test
  void aChangeIsInSyncOnceEveryLiveNodeServesIt() {
    Acct acct = account("nodes-sync");
    String zoneId = zone(acct, "sync.example", vpc(acct, "us-east-1"));
    long before = store.version();
    nodes.heartbeat("node-a", List.of(), before, STARTED, NOW);
    nodes.heartbeat("node-b", List.of(), 0, STARTED, NOW.minusSeconds(2));
    // Stopped long ago and far behind: not waited for.
    nodes.heartbeat("node-gone", List.of(), 0, STARTED, NOW.minusSeconds(60));

    Reply batch =
        changeBatch(acct, zoneId, create("www.sync.example", "A", 60, "10.0.0.1")).expect(200);
    assertThat(batch.text("/status")).isEqualTo("PENDING");
    assertThat(texts(batch.body().get("pendingNodes"))).containsExactly("node-a", "node-b");
    String changeId = batch.text("/id");
    long version = store.change(changeId).orElseThrow().version();

    nodes.heartbeat("node-a", List.of(), version, STARTED, NOW);
    Reply oneBehind = get("/v1/changes/" + changeId, acct.token()).expect(200);
    assertThat(oneBehind.text("/status")).isEqualTo("PENDING");
    assertThat(texts(oneBehind.body().get("pendingNodes"))).containsExactly("node-b");

    nodes.heartbeat("node-b", List.of(), version + 3, STARTED, NOW);
    Reply inSync = get("/v1/changes/" + changeId, acct.token()).expect(200);
    assertThat(inSync.text("/status")).isEqualTo("INSYNC");
    assertThat(inSync.body().get("pendingNodes")).isEmpty();

    // A node that stops beating is waited for only until it leaves the liveness window.
    Reply next =
        changeBatch(acct, zoneId, create("ftp.sync.example", "A", 60, "10.0.0.2")).expect(200);
    assertThat(texts(next.body().get("pendingNodes"))).containsExactly("node-a");
    Instant lastBeat = NOW.minus(RegisteredNode.LIVENESS_WINDOW);
    nodes.heartbeat("node-a", List.of(), version, STARTED, lastBeat);
    assertThat(get("/v1/changes/" + next.text("/id"), acct.token()).text("/status"))
        .isEqualTo("PENDING");
    nodes.heartbeat("node-a", List.of(), version, STARTED, lastBeat.minusMillis(1));
    assertThat(get("/v1/changes/" + next.text("/id"), acct.token()).text("/status"))
        .isEqualTo("INSYNC");
  }

  @Test
  void withoutLiveNodesThisNodesAppliedVersionDecides() {
    Acct acct = account("nodes-alone");
    String zoneId = zone(acct, "alone.example", vpc(acct, "us-east-1"));
    nodes.heartbeat("node-gone", List.of(), 0, STARTED, NOW.minusSeconds(11));
    appliedVersion.set(0);

    Reply pending =
        changeBatch(acct, zoneId, create("www.alone.example", "A", 60, "10.0.0.1")).expect(200);
    assertThat(pending.text("/status")).isEqualTo("PENDING");
    assertThat(pending.body().get("pendingNodes")).isEmpty();

    appliedVersion.set(Long.MAX_VALUE);
    Reply inSync = get("/v1/changes/" + pending.text("/id"), acct.token()).expect(200);
    assertThat(inSync.text("/status")).isEqualTo("INSYNC");
    assertThat(inSync.body().get("pendingNodes")).isEmpty();
  }

  @Test
  void zoneCreationAndAssociationsReportPendingNodesToo() {
    Acct acct = account("nodes-zone");
    String vpcId = vpc(acct, "us-east-1");
    nodes.heartbeat("node-a", List.of(), store.version(), STARTED, NOW);

    Reply created =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"pending.example\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);
    assertThat(created.text("/change/status")).isEqualTo("PENDING");
    assertThat(texts(created.body().at("/change/pendingNodes"))).containsExactly("node-a");

    String otherVpc = vpc(acct, "us-east-1");
    Reply associated =
        post(
                "/v1/hostedzones/" + created.text("/id") + "/associations",
                acct.token(),
                "{\"vpcId\":\"" + otherVpc + "\"}")
            .expect(200);
    assertThat(texts(associated.body().get("pendingNodes"))).containsExactly("node-a");
  }
}
