package io.isthmus.server.it;

import static io.isthmus.server.it.PrivateZonesIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The console's topology page (docs/console.md "Topology") in a real headless Chromium against a
 * demo node: the operator sees every account as a lane and the cross-account associations marked,
 * an account sees its own part and no more than the API shows it, the filters narrow the graph, the
 * keyboard reaches every node, and a configuration of 50 more VPCs and 200 zones (made through /v1)
 * is drawn whole without two boxes overlapping. Saves docs/console/topology*.png.
 */
@ResourceLock(DemoAddresses.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTopologyIT {
  private static final String NET = DemoConfiguration.NETWORKING;
  private static final String APP1 = DemoConfiguration.APP1;
  private static final String APP2 = DemoConfiguration.APP2;
  private static final String APP3 = DemoConfiguration.APP3;
  private static final String AWS_ZONE = "ZAWSCUSTOMER0001";
  private static final String APP1_ZONE = "ZAPP1CUSTOMER001";
  private static final String APP2_ZONE = "ZAPP2CUSTOMER001";
  private static final String APP3_ZONE = "ZAPP3CUSTOMER001";
  private static final String RULE = DemoConfiguration.ONPREM_RULE.id();
  private static final String NET_USE1 = DemoConfiguration.NET_USE1.id();
  private static final String NET_USW2 = DemoConfiguration.NET_USW2.id();
  private static final String APP1_USE1 = DemoConfiguration.APP1_USE1.id();
  private static final String APP1_USW2 = DemoConfiguration.APP1_USW2.id();
  private static final String APP2_USE1 = DemoConfiguration.APP2_USE1.id();
  private static final String APP3_USE1 = DemoConfiguration.APP3_USE1.id();

  /** Every demo association, by its ends; the ones whose ends belong to different accounts. */
  private static final List<String> CROSS_ACCOUNT =
      List.of(
          edge(AWS_ZONE, APP1_USE1),
          edge(AWS_ZONE, APP2_USE1),
          edge(AWS_ZONE, APP3_USE1),
          edge(APP1_ZONE, NET_USE1),
          edge(APP1_ZONE, NET_USW2),
          edge(APP2_ZONE, NET_USE1),
          edge(APP2_ZONE, NET_USW2),
          edge(APP3_ZONE, NET_USE1),
          edge(APP3_ZONE, NET_USW2),
          edge(RULE, APP1_USE1),
          edge(RULE, APP2_USE1),
          edge(RULE, APP3_USE1));

  private static final List<String> SAME_ACCOUNT =
      List.of(
          edge(AWS_ZONE, NET_USE1),
          edge(AWS_ZONE, NET_USW2),
          edge(APP1_ZONE, APP1_USE1),
          edge(APP1_ZONE, APP1_USW2),
          edge(APP2_ZONE, APP2_USE1),
          edge(APP3_ZONE, APP3_USE1),
          edge(RULE, NET_USE1),
          edge(RULE, DemoConfiguration.OUTBOUND.id()),
          edge(DemoConfiguration.OUTBOUND.id(), NET_USE1),
          edge(DemoConfiguration.INBOUND.id(), NET_USE1));

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static ConsoleBrowser ui;

  @BeforeAll
  static void start() {
    node = shared.start("--isthmus.demo=true");
    ui = ConsoleBrowser.open(shared, node);
  }

  @Test
  @Order(1)
  void operatorSeesEveryAccountAsALaneAndTheCrossAccountAssociationsMarked() throws Exception {
    ui.go("#/topology");
    ui.signIn(RunningNode.OPERATOR_TOKEN);
    ui.visible(By.id("topology-graph"));
    assertThat(strings("#topology-graph .topology-lane", "data-lane"))
        .containsExactly(NET, APP1, APP2, APP3);
    assertThat(texts("#topology-graph .topology-lane-title"))
        .containsExactly(
            "networking (" + NET + ")",
            "app1 (" + APP1 + ")",
            "app2 (" + APP2 + ")",
            "app3 (" + APP3 + ")");
    // Each resource in the lane of its owner, VPCs in a box of their region.
    Map<String, String> owners =
        Map.ofEntries(
            Map.entry(NET_USE1, NET),
            Map.entry(NET_USW2, NET),
            Map.entry(APP1_USE1, APP1),
            Map.entry(APP1_USW2, APP1),
            Map.entry(APP2_USE1, APP2),
            Map.entry(APP3_USE1, APP3),
            Map.entry(AWS_ZONE, NET),
            Map.entry(APP1_ZONE, APP1),
            Map.entry(APP2_ZONE, APP2),
            Map.entry(APP3_ZONE, APP3),
            Map.entry(RULE, NET),
            Map.entry(DemoConfiguration.OUTBOUND.id(), NET),
            Map.entry(DemoConfiguration.INBOUND.id(), NET));
    assertThat(nodeLanes()).isEqualTo(owners);
    assertThat(strings("#topology-graph .topology-region", "data-region"))
        .containsExactly(
            NET + "/us-east-1",
            NET + "/us-west-2",
            APP1 + "/us-east-1",
            APP1 + "/us-west-2",
            APP2 + "/us-east-1",
            APP3 + "/us-east-1");
    assertThat(node(NET_USE1).getAttribute("aria-label"))
        .startsWith("VPC net-use1 (" + NET_USE1 + "), account " + NET + ", us-east-1");
    assertThat(node(NET_USE1).getText()).contains("net-use1", "127.0.10.0/24");

    // The lines: cross-account ones dashed, the others solid; the table says the same as text.
    assertThat(edgesWhere("path", "true")).containsExactlyInAnyOrderElementsOf(CROSS_ACCOUNT);
    assertThat(edgesWhere("path", "false")).containsExactlyInAnyOrderElementsOf(SAME_ACCOUNT);
    assertThat(
            ui.js(
                "return getComputedStyle(document.querySelector(arguments[0])).strokeDasharray",
                "path[data-edge='" + edge(APP1_ZONE, NET_USE1) + "']"))
        .isNotEqualTo("none");
    assertThat(
            ui.js(
                "return getComputedStyle(document.querySelector(arguments[0])).strokeDasharray",
                "path[data-edge='" + edge(APP1_ZONE, APP1_USE1) + "']"))
        .isEqualTo("none");
    assertThat(edgesWhere("#topology-edges tr", "true"))
        .containsExactlyInAnyOrderElementsOf(CROSS_ACCOUNT);
    assertThat(edgesWhere("#topology-edges tr", "false"))
        .containsExactlyInAnyOrderElementsOf(SAME_ACCOUNT);
    assertThat(row(edge(APP1_ZONE, NET_USE1)))
        .isEqualTo(
            "Hosted zone app1.aws.customer.local. ("
                + APP1_ZONE
                + ") zone associated with VPC VPC net-use1 ("
                + NET_USE1
                + ") cross-account");
    assertThat(ui.text("topology-summary"))
        .isEqualTo("Showing 13 of 13 resources and 22 of 22 associations (12 cross-account).");
    assertThat(
            ui.driver.findElement(By.id("topology-graph-description")).getAttribute("textContent"))
        .contains("4 accounts, 13 resources, 22 associations of which 12 cross-account");
    assertThat(ui.driver.findElement(By.cssSelector(".topology-legend")).getText())
        .contains("cross-account association (dashed)");
    ui.assertEveryInputIsLabelled();
    assertNoNodesOverlap();
    ui.screenshot("topology");
  }

  @Test
  @Order(2)
  void keyboardReachesTheNodesAndEnterOpensTheirDetails() throws Exception {
    // The last control of the filter, then Tab: the first node, then the next, in lane order.
    ui.js("document.getElementById('topology-clear').focus()");
    tab();
    assertThat(ui.focused().getAttribute("data-node-id")).isEqualTo(AWS_ZONE);
    assertThat(
            ui.js("return getComputedStyle(document.activeElement.querySelector('rect')).stroke"))
        .isEqualTo("rgb(245, 166, 35)");
    tab();
    assertThat(ui.focused().getAttribute("data-node-id")).isEqualTo(NET_USE1);
    new Actions(ui.driver).sendKeys(Keys.ENTER).perform();
    ui.waitForText(By.id("topology-details"), "VPC net-use1");
    assertThat(ui.focused().getAttribute("id")).isEqualTo("topology-details-title");
    String details = ui.text("topology-details");
    assertThat(details)
        .contains(NET_USE1, "us-east-1", "127.0.10.0/24")
        .contains("Associations (7)")
        .contains(
            "zone associated with VPC: Hosted zone app1.aws.customer.local. ("
                + APP1_ZONE
                + ") cross-account")
        .contains("rule associated with VPC: Resolver rule onprem customer.local. (" + RULE + ")");
    assertThat(
            ui.driver
                .findElement(
                    By.cssSelector(
                        "#topology-details li[data-edge='" + edge(APP1_ZONE, NET_USE1) + "']"))
                .getAttribute("data-cross-account"))
        .isEqualTo("true");
    // An association leads to the node at its other end; a zone's details link to the zone page.
    ui.driver
        .findElement(
            By.cssSelector(
                "#topology-details li[data-edge='" + edge(APP1_ZONE, NET_USE1) + "'] button"))
        .click();
    assertThat(ui.focused().getAttribute("data-node-id")).isEqualTo(APP1_ZONE);
    new Actions(ui.driver).sendKeys(Keys.ENTER).perform();
    ui.waitForText(By.id("topology-details"), "Hosted zone app1.aws.customer.local.");
    assertThat(
            ui.driver
                .findElement(By.linkText("Open the zone app1.aws.customer.local."))
                .getAttribute("href"))
        .endsWith("#/zones/" + APP1_ZONE);
    // A click opens details as Enter does.
    node(RULE).click();
    ui.waitForText(By.id("topology-details"), "Resolver rule onprem customer.local.");
    assertThat(ui.text("topology-details"))
        .contains("FORWARD", "127.0.0.1:5300", "Associations (5)");
  }

  @Test
  @Order(3)
  void filtersNarrowTheGraphToWhatTouchesTheirPick() throws Exception {
    new Select(ui.driver.findElement(By.id("topology-account"))).selectByValue(APP2);
    // app2's resources, and the ends of their associations in other accounts.
    awaitNodes(APP2_USE1, APP2_ZONE, AWS_ZONE, NET_USE1, NET_USW2, RULE);
    assertThat(strings("#topology-graph .topology-lane", "data-lane")).containsExactly(NET, APP2);
    assertThat(edgesWhere("#topology-edges tr", "true"))
        .containsExactlyInAnyOrder(
            edge(AWS_ZONE, APP2_USE1),
            edge(APP2_ZONE, NET_USE1),
            edge(APP2_ZONE, NET_USW2),
            edge(RULE, APP2_USE1));
    assertThat(ui.text("topology-summary")).startsWith("Showing 6 of 13 resources");
    ui.waitForText(By.id("announcer"), "Showing 6 of 13 resources");
    assertNoNodesOverlap();

    ui.driver.findElement(By.id("topology-clear")).click();
    awaitNodes(owners13());
    ui.driver.findElement(By.id("topology-domain")).sendKeys("APP3.aws.customer.local.");
    awaitNodes(APP3_ZONE, APP3_USE1, NET_USE1, NET_USW2);

    ui.driver.findElement(By.id("topology-clear")).click();
    new Select(ui.driver.findElement(By.id("topology-vpc"))).selectByValue(NET_USW2);
    awaitNodes(NET_USW2, AWS_ZONE, APP1_ZONE, APP2_ZONE, APP3_ZONE);
    ui.assertEveryInputIsLabelled();
    ui.driver.findElement(By.id("topology-clear")).click();
    awaitNodes(owners13());
  }

  @Test
  @Order(4)
  void anAccountSeesItsOwnPartAndOnlyTheIdsOfOtherAccountsVpcs() throws Exception {
    ui.driver.findElement(By.id("sign-out")).click();
    ui.visible(By.id("token"));
    ui.go("#/topology");
    ui.signIn(node.issueToken(APP1));
    ui.visible(By.id("topology-graph"));
    // app1's own resources; another account's zone on app1's VPC and the rule shared with app1
    // in the lane of their owner; networking's VPCs by id, owner unknown.
    assertThat(nodeLanes())
        .isEqualTo(
            Map.of(
                APP1_USE1, APP1,
                APP1_USW2, APP1,
                APP1_ZONE, APP1,
                AWS_ZONE, NET,
                RULE, NET,
                NET_USE1, "other",
                NET_USW2, "other"));
    assertThat(strings("#topology-graph .topology-node.foreign", "data-node-id"))
        .containsExactlyInAnyOrder(AWS_ZONE, NET_USE1, NET_USW2);
    assertThat(texts("#topology-graph .topology-lane-title"))
        .containsExactly(
            "app1 (" + APP1 + ")", "Account " + NET, "Other accounts (owner not shown)");
    assertThat(edgesWhere("path", "true"))
        .containsExactlyInAnyOrder(
            edge(APP1_ZONE, NET_USE1),
            edge(APP1_ZONE, NET_USW2),
            edge(AWS_ZONE, APP1_USE1),
            edge(RULE, APP1_USE1));
    assertThat(edgesWhere("path", "false"))
        .containsExactlyInAnyOrder(edge(APP1_ZONE, APP1_USE1), edge(APP1_ZONE, APP1_USW2));
    // Nothing private of another account: names, CIDRs, endpoints, other accounts' zones.
    String page = ui.driver.findElement(By.id("view")).getAttribute("textContent");
    assertThat(page)
        .doesNotContain(
            "networking",
            "net-use1",
            "127.0.10.0/24",
            "127.0.20.0/24",
            DemoConfiguration.INBOUND.id(),
            "app2",
            "app3",
            APP2_USE1);
    node(NET_USE1).click();
    ui.waitForText(By.id("topology-details"), "VPC " + NET_USE1);
    assertThat(ui.text("topology-details"))
        .contains("not shown to you")
        .doesNotContain("127.0.10.0/24", "null");
    ui.screenshot("topology-account");
  }

  @Test
  @Order(5)
  void fiftyVpcsAndTwoHundredZonesAreDrawnWholeWithoutOverlaps() throws Exception {
    List<String> created = largeConfiguration();
    ui.driver.findElement(By.id("sign-out")).click();
    ui.visible(By.id("token"));
    ui.go("#/topology");
    Instant start = Instant.now();
    ui.signIn(RunningNode.OPERATOR_TOKEN);
    ui.visible(By.id("topology-graph"));
    Duration took = Duration.between(start, Instant.now());
    Map<String, String> lanes = nodeLanes();
    assertThat(lanes.keySet()).containsAll(created).containsAll(List.of(owners13()));
    assertThat(lanes).hasSize(created.size() + 13);
    assertThat(strings("#topology-graph .topology-lane", "data-lane")).hasSize(9);
    assertNoNodesOverlap();
    assertThat(ui.text("topology-summary"))
        .startsWith("Showing " + lanes.size() + " of " + lanes.size() + " resources");
    ui.screenshot("topology-large");
    assertThat(took).as("sign-in to a drawn topology").isLessThan(Duration.ofSeconds(20));

    // One account's lane with the ends of its cross-account associations: a short picture.
    new Select(ui.driver.findElement(By.id("topology-account"))).selectByIndex(5);
    ui.wait.until(d -> nodeLanes().size() < 80);
    assertNoNodesOverlap();

    // An account of it: its 52 resources, the 4 zones of the previous account on its VPCs (found
    // VPC by VPC) and the 4 VPCs of the next account its zones are on, by id.
    ui.driver.findElement(By.id("sign-out")).click();
    ui.visible(By.id("token"));
    ui.go("#/topology");
    ui.signIn(largeTokens.get(0));
    ui.visible(By.id("topology-graph"));
    Map<String, String> own = nodeLanes();
    assertThat(own).hasSize(60);
    assertThat(own.values().stream().filter(largeAccounts.get(0)::equals)).hasSize(52);
    assertThat(own.values().stream().filter(largeAccounts.get(4)::equals)).hasSize(4);
    assertThat(own.values().stream().filter("other"::equals)).hasSize(4);
    assertNoNodesOverlap();
  }

  // --- the larger configuration ---

  private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1"};
  private static final List<String> largeAccounts = new ArrayList<>();
  private static final List<String> largeTokens = new ArrayList<>();

  /**
   * Five accounts, each with 10 VPCs over three regions and 40 zones, 4 of which are also
   * associated with a VPC of the next account; an outbound endpoint and a forwarding rule each.
   * Answers the ids made.
   */
  private static List<String> largeConfiguration() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> tokens = largeTokens;
    List<List<String>> vpcsOf = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      JsonNode account =
          json(
              call(
                  "POST",
                  "/v1/accounts",
                  RunningNode.OPERATOR_TOKEN,
                  "{\"name\":\"large" + a + "\"}",
                  201));
      tokens.add(account.get("token").asString());
      largeAccounts.add(account.get("id").asString());
      List<String> vpcs = new ArrayList<>();
      for (int v = 0; v < 10; v++) {
        String body =
            String.format(
                "{\"name\":\"large%d-vpc%02d\",\"region\":\"%s\",\"cidrs\":[\"10.%d.%d.0/24\"]}",
                a, v, REGIONS[v % 3], 100 + a, v);
        vpcs.add(json(call("POST", "/v1/vpcs", tokens.get(a), body, 201)).get("id").asString());
      }
      vpcsOf.add(vpcs);
      ids.addAll(vpcs);
      String endpoint =
          json(call(
                  "POST",
                  "/v1/resolver/endpoints",
                  tokens.get(a),
                  String.format(
                      "{\"name\":\"out%d\",\"direction\":\"OUTBOUND\",\"vpcId\":\"%s\","
                          + "\"ipAddresses\":[{\"ip\":\"127.77.%d.1\"},{\"ip\":\"127.77.%d.2\"}]}",
                      a, vpcs.get(0), a, a),
                  201))
              .get("id")
              .asString();
      String rule =
          json(call(
                  "POST",
                  "/v1/resolver/rules",
                  tokens.get(a),
                  String.format(
                      "{\"name\":\"dc%d\",\"domainName\":\"dc%d.large.example\","
                          + "\"ruleType\":\"FORWARD\",\"resolverEndpointId\":\"%s\","
                          + "\"targetIps\":[{\"ip\":\"192.0.2.53\"}]}",
                      a, a, endpoint),
                  201))
              .get("id")
              .asString();
      for (int v : new int[] {0, 3, 6}) { // the us-east-1 VPCs, the rule's region
        call(
            "POST",
            "/v1/resolver/rules/" + rule + "/associations",
            tokens.get(a),
            "{\"vpcId\":\"" + vpcs.get(v) + "\"}",
            201);
      }
      ids.add(endpoint);
      ids.add(rule);
    }
    for (int a = 0; a < 5; a++) {
      int next = (a + 1) % 5;
      for (int z = 0; z < 40; z++) {
        String body =
            String.format(
                "{\"name\":\"z%02d.large%d.internal\",\"vpcId\":\"%s\"}",
                z, a, vpcsOf.get(a).get(z % 10));
        String zone =
            json(call("POST", "/v1/hostedzones", tokens.get(a), body, 201)).get("id").asString();
        ids.add(zone);
        if (z < 4) {
          String guest = "{\"vpcId\":\"" + vpcsOf.get(next).get(z) + "\"}";
          call("POST", "/v1/hostedzones/" + zone + "/authorizations", tokens.get(a), guest, 201);
          call("POST", "/v1/hostedzones/" + zone + "/associations", tokens.get(next), guest, 200);
        }
      }
    }
    assertThat(ids).hasSize(50 + 200 + 5 + 5);
    return ids;
  }

  /** An admin API call that must answer {@code expected}; waits out the rate limit if it must. */
  private static HttpResponse<String> call(
      String method, String path, String token, String body, int expected) throws Exception {
    HttpResponse<String> response = node.call(method, path, token, body);
    for (int i = 0; i < 20 && response.statusCode() == 429; i++) {
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
      response = node.call(method, path, token, body);
    }
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    return response;
  }

  // --- reading the page ---

  private static String edge(String from, String to) {
    return from + "→" + to;
  }

  private static String[] owners13() {
    return new String[] {
      NET_USE1,
      NET_USW2,
      APP1_USE1,
      APP1_USW2,
      APP2_USE1,
      APP3_USE1,
      AWS_ZONE,
      APP1_ZONE,
      APP2_ZONE,
      APP3_ZONE,
      RULE,
      DemoConfiguration.OUTBOUND.id(),
      DemoConfiguration.INBOUND.id()
    };
  }

  private static WebElement node(String id) {
    return ui.driver.findElement(By.cssSelector("#topology-graph [data-node-id='" + id + "']"));
  }

  /** Every drawn node's id and the lane (account) it is drawn in. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> nodeLanes() {
    return (Map<String, String>)
        ui.js(
            "return Object.fromEntries([...document.querySelectorAll('#topology-graph [data-node-id]')]"
                + ".map(n => [n.dataset.nodeId, n.dataset.lane]))");
  }

  private static void awaitNodes(String... ids) {
    ui.wait.until(d -> nodeLanes().keySet().equals(java.util.Set.of(ids)));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(String selector, String attribute) {
    return (List<String>)
        ui.js(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
            selector,
            attribute);
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(String selector) {
    return (List<String>)
        ui.js(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
            selector);
  }

  private static List<String> edgesWhere(String selector, String crossAccount) {
    return strings(selector + "[data-cross-account='" + crossAccount + "']", "data-edge");
  }

  private static String row(String edge) {
    return ui.driver
        .findElement(By.cssSelector("#topology-edges tr[data-edge='" + edge + "']"))
        .getText()
        .replace('\n', ' ');
  }

  private static void tab() {
    new Actions(ui.driver).sendKeys(Keys.TAB).perform();
  }

  /** No two node boxes share a pixel, as the browser lays them out. */
  private static void assertNoNodesOverlap() {
    Object overlaps =
        ui.js(
            "const boxes = [...document.querySelectorAll('#topology-graph [data-node-id] > rect')]"
                + ".map(r => [r.parentNode.dataset.nodeId, r.getBoundingClientRect()]);"
                + "const found = [];"
                + "for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {"
                + "  const [a, p] = boxes[i], [b, q] = boxes[j];"
                + "  if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom)"
                + "    found.push(a + ' ' + b); }"
                + "return found.concat(boxes.filter(([, r]) => r.width === 0).map(([id]) => id + ' empty'));");
    assertThat((List<?>) overlaps).isEmpty();
  }
}
