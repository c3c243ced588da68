package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's health and nodes pages (docs/console.md "Health", "Nodes") in headless Chromium
 * against a demo node: a METRIC check made through /v1 flips when pushed points cross its
 * threshold, and the pages show what the API says, the chart with one band per transition and one
 * dot per point. Saves the screenshots health, health-check and nodes. Skipped without chromium.
 */
@ResourceLock(DemoAddresses.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHealthIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Maximum > 5 in any of the last 30 periods of 2 s: ALARM at the first period boundary after a
   * breaching point (≤ 2 s, plus the monitor's 1 s tick), and it stays for a minute, long enough to
   * look at. Without data it starts HEALTHY ("LastKnownStatus", none yet).
   */
  private static final String CHECK =
      """
      {"type":"METRIC","metric":{"namespace":"console","metricName":"QueueDepth",
       "dimensions":{"Queue":"orders"},"statistic":"Maximum","periodSeconds":2,
       "evaluationPeriods":30,"datapointsToAlarm":1,"comparison":"GreaterThanThreshold",
       "threshold":5}}
      """;

  /** Seconds before the push and values: three below the threshold, then three above. */
  private static final long[] AGO = {12, 10, 8, 6, 4, 2};

  private static final double[] VALUES = {1, 2.5, 3, 7, 9, 8};

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static ConsoleBrowser ui;
  static String app1Token;
  static String checkId;

  @BeforeAll
  static void start() throws Exception {
    node = shared.start("--isthmus.demo=true");
    ui = ConsoleBrowser.open(shared, node);
    app1Token = node.issueToken(DemoConfiguration.APP1);
  }

  @Test
  @Order(1)
  void pushedPointsFlipTheCheckAndTheHealthListShowsItsStatusAndAlarm() throws Exception {
    checkId =
        json(ok(node.call("POST", "/v1/healthchecks", app1Token, CHECK), 201))
            .get("id")
            .stringValue();
    // Evaluated once without data (HEALTHY) before the points come, so that they make a transition.
    await("the check's first evaluation", () -> status().get("history").size() == 1);
    assertThat(status().get("status").stringValue()).isEqualTo("HEALTHY");
    push();
    await("the check in ALARM", () -> alarmState(status()).equals("ALARM"));
    JsonNode status = status();
    assertThat(status.get("status").stringValue()).isEqualTo("UNHEALTHY");
    assertThat(status.get("history")).hasSize(2);

    ui.go("");
    ui.signIn(app1Token);
    ui.go("#/health");
    By row = By.cssSelector("#health-checks tr[data-check-id='" + checkId + "']");
    ui.waitForText(
        By.cssSelector("#health-checks tr[data-check-id='" + checkId + "'] .check-alarm"), "ALARM");
    WebElement mine = ui.driver.findElement(row);
    assertThat(mine.findElement(By.cssSelector(".check-status")).getText()).isEqualTo("UNHEALTHY");
    assertThat(mine.getText())
        .contains("METRIC", "console QueueDepth (Queue=orders)", status.get("reason").stringValue())
        .contains(status.get("since").stringValue());
    // app1's checks only: the demo's database check and this one.
    assertThat(ui.driver.findElements(By.cssSelector("#health-checks tbody tr")))
        .extracting(r -> r.getAttribute("data-check-id"))
        .containsExactlyInAnyOrder(DemoConfiguration.DB_CHECK_ID, checkId);
    ui.waitForText(
        By.cssSelector("#health-checks tr[data-check-id='" + DemoConfiguration.DB_CHECK_ID + "']"),
        "HEALTHY");
    ui.screenshot("health");
  }

  @Test
  @Order(2)
  void theCheckPageDrawsOneBandPerTransitionAndOneDotPerPoint() throws Exception {
    // Reached by keyboard: the check's link takes the focus and Enter follows it.
    WebElement link = ui.driver.findElement(By.linkText(checkId));
    ui.js("arguments[0].focus()", link);
    link.sendKeys(Keys.ENTER);
    WebElement transitions = ui.visible(By.id("health-transitions"));
    JsonNode status = status();
    List<String> expected = new ArrayList<>();
    status.get("history").forEach(t -> expected.add(t.get("status").stringValue()));
    assertThat(expected).containsExactly("HEALTHY", "UNHEALTHY");
    assertThat(transitions.findElements(By.cssSelector("tbody tr")))
        .extracting(r -> r.getAttribute("data-status"))
        .containsExactlyElementsOf(expected);
    assertThat(transitions.getText())
        .contains(status.get("history").get(1).get("reason").stringValue());

    WebElement chart = ui.visible(By.cssSelector("#health-chart svg"));
    assertThat(chart.getAttribute("role")).isEqualTo("img");
    assertThat(chart.getAttribute("aria-label"))
        .contains("2 transitions", "now UNHEALTHY", "6 metric points from 1 to 9", "threshold 5");
    assertThat(chart.findElements(By.cssSelector(".band")))
        .extracting(band -> band.getAttribute("data-status"))
        .containsExactlyElementsOf(expected);
    assertThat(chart.findElements(By.cssSelector(".point")))
        .extracting(point -> Double.parseDouble(point.getAttribute("data-value")))
        .containsExactly(VALUES[0], VALUES[1], VALUES[2], VALUES[3], VALUES[4], VALUES[5]);
    assertThat(chart.findElements(By.cssSelector(".threshold"))).hasSize(1);
    // The dots above the threshold line are the breaching ones (SVG's y grows downwards).
    Object above =
        ui.js(
            "const t = arguments[0].querySelector('.threshold').getAttribute('y1');"
                + "return [...arguments[0].querySelectorAll('.point')]"
                + ".filter(p => Number(p.getAttribute('cy')) < Number(t)).length",
            chart);
    assertThat(above).isEqualTo(3L);

    List<WebElement> points = ui.driver.findElements(By.cssSelector("#health-points tbody tr"));
    assertThat(points).hasSize(VALUES.length);
    assertThat(points.get(3).getText()).contains("7").endsWith("yes");
    assertThat(points.get(0).getText()).endsWith("no");
    // The points are the API's, which are the metric store's.
    JsonNode series =
        json(
            ok(
                node.call("GET", "/v1/healthchecks/" + checkId + "/datapoints", app1Token, null),
                200));
    assertThat(series.get("points")).hasSize(VALUES.length);
    assertThat(ui.text("health-current")).isEqualTo("UNHEALTHY");
    assertThat(ui.text("health-alarm")).isEqualTo("ALARM");
    ui.assertEveryInputIsLabelled();
    ui.screenshot("health-check");
  }

  @Test
  @Order(3)
  void anAccountIsToldThatOnlyTheOperatorSeesTheNodesAndOfChecksThatAreNotThere() throws Exception {
    // app2 cannot see app1's check: the API's 404 is shown as it is, and nothing of the check.
    ui.driver.findElement(By.id("sign-out")).click();
    ui.go("#/health/" + checkId);
    ui.signIn(node.issueToken(DemoConfiguration.APP2));
    WebElement alert = ui.visible(By.cssSelector("#view [role=alert]"));
    assertThat(alert.getText()).contains("NoSuchHealthCheck", checkId);
    assertThat(ui.driver.findElements(By.id("health-chart"))).isEmpty();

    ui.go("#/nodes");
    WebElement message = ui.visible(By.id("nodes-forbidden"));
    assertThat(message.getText()).isEqualTo("Only the operator sees the nodes.");
    assertThat(message.getAttribute("role")).isEqualTo("alert");
    assertThat(ui.driver.findElements(By.id("nodes"))).isEmpty();
  }

  @Test
  @Order(4)
  void theOperatorSeesThisNodeAndThePageRefreshesUntilLeft() throws Exception {
    ui.driver.findElement(By.id("sign-out")).click();
    ui.go("#/nodes");
    ui.signIn(RunningNode.OPERATOR_TOKEN);
    By row = By.cssSelector("#nodes tr[data-node-id='it-node']");
    WebElement node = ui.visible(row);
    JsonNode api =
        json(ok(
                ConsoleHealthIT.node.call("GET", "/v1/nodes", RunningNode.OPERATOR_TOKEN, null),
                200))
            .get("items")
            .get(0);
    assertThat(api.get("nodeId").stringValue()).isEqualTo("it-node");
    assertThat(node.findElement(By.cssSelector(".node-version")).getText())
        .isEqualTo(String.valueOf(api.get("snapshotGeneration").longValue()));
    assertThat(node.findElement(By.cssSelector(".node-lag")).getText())
        .isEqualTo(String.valueOf(api.get("lagVersions").longValue()));
    assertThat(node.findElement(By.cssSelector(".node-status")).getText()).isEqualTo("LIVE");
    assertThat(node.findElement(By.cssSelector(".node-store")).getText()).isEqualTo("yes");
    assertThat(node.getAttribute("class")).doesNotContain("node-trouble");
    ui.screenshot("nodes");

    // Every 5 s the page reads the nodes again, and stops once the user is elsewhere.
    ui.js(
        "window.nodeReads = 0; const original = window.fetch;"
            + "window.fetch = (url, options) => {"
            + " if (String(url).startsWith('/v1/nodes')) { window.nodeReads++; }"
            + " return original(url, options); };");
    String before = ui.text("nodes-updated");
    assertThat(before).startsWith("Updated ");
    await("an automatic refresh", () -> ((Long) ui.js("return window.nodeReads")) >= 1);
    await("the table read again", () -> !ui.text("nodes-updated").equals(before));
    assertThat(ui.driver.findElements(row)).hasSize(1);
    ui.driver.findElement(By.linkText("Health")).click();
    ui.visible(By.id("health-checks"));
    long reads = (Long) ui.js("return window.nodeReads");
    Thread.sleep(6_000);
    assertThat((Long) ui.js("return window.nodeReads")).isEqualTo(reads);
  }

  /** Pushes the points, dated {@link #AGO} seconds before now, in one call. */
  private static void push() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < AGO.length; i++) {
      points
          .append(i == 0 ? "" : ",")
          .append("{\"timestamp\":\"")
          .append(now.minusSeconds(AGO[i]))
          .append("\",\"value\":")
          .append(VALUES[i])
          .append('}');
    }
    ok(
        node.call(
            "POST",
            "/v1/metrics",
            app1Token,
            "{\"namespace\":\"console\",\"metricName\":\"QueueDepth\","
                + "\"dimensions\":{\"Queue\":\"orders\"},\"points\":["
                + points
                + "]}"),
        204);
  }

  private static String alarmState(JsonNode status) {
    JsonNode state = status.get("alarmState");
    return state == null ? "" : state.stringValue();
  }

  private static JsonNode status() {
    try {
      return json(
          ok(node.call("GET", "/v1/healthchecks/" + checkId + "/status", app1Token, null), 200));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls {@code condition} for at most 20 s. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 20 s");
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  private static String ok(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.body();
  }
}
