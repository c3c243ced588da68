package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.testsupport.Dig;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The zones and explain pages of the console (docs/console.md) in a real headless Chromium against
 * a demo node: record sets of every routing kind edited, deleted, exported and imported through the
 * pages, each checked in dig's answers; searching and paging; explaining a real query-log line and
 * a link; a lost connection that keeps what was typed. Saves the screenshots zone-routing,
 * zone-import and explain-path into docs/console/.
 */
@ResourceLock(DemoAddresses.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleZonesIT {
  private static final String APP1_SOURCE = "127.1.10.5";
  private static final String APP1_ZONE = "ZAPP1CUSTOMER001";
  private static final String ZONE = "app1.aws.customer.local.";
  private static final String WEIGHTED = "w." + ZONE;
  private static final String FAILOVER = "fo." + ZONE;
  private static final String ALIAS = "al." + ZONE;
  private static final int EXTRA_ZONES = 55;
  private static final int IMPORTED_NAMES = 60;
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static ConsoleBrowser ui;
  static ChromeDriver browser;
  static WebDriverWait wait;
  static String app1Token;

  @BeforeAll
  static void start() throws Exception {
    node = shared.start("--isthmus.demo=true");
    ui = ConsoleBrowser.open(shared, node);
    browser = ui.driver;
    wait = ui.wait;
    app1Token = node.issueToken(DemoConfiguration.APP1);
    // More zones than a page holds, so that the zones page pages.
    for (int i = 0; i < EXTRA_ZONES; i++) {
      HttpResponse<String> created =
          node.call(
              "POST",
              "/v1/hostedzones",
              app1Token,
              String.format(
                  "{\"name\":\"zone-%02d.paging.test\",\"vpcId\":\"%s\"}",
                  i, DemoConfiguration.APP1_USE1.id()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
  }

  @Test
  @Order(1)
  void zonesAreSearchedAndPagedFiftyAtATime() throws Exception {
    ui.go("#/zones");
    ui.signIn(app1Token);
    ui.visible(By.id("zones"));
    assertThat(zoneRows()).hasSize(50);
    assertThat(ui.text("zones-page")).isEqualTo("Page 1 of 2: zones 1–50 of 56");
    assertThat(browser.findElement(By.id("zones-previous")).isEnabled()).isFalse();
    // By keyboard: Enter on the focused Next button turns the page.
    browser.findElement(By.id("zones-next")).sendKeys(Keys.ENTER);
    ui.waitForText(By.id("zones-page"), "Page 2 of 2");
    assertThat(zoneRows()).hasSize(6);
    // The last page disables Next, and the focus moves to Previous rather than being lost.
    assertThat(ui.focused().getAttribute("id")).isEqualTo("zones-previous");
    ui.assertEveryInputIsLabelled();

    WebElement search = browser.findElement(By.id("zones-search"));
    search.sendKeys("zone-07");
    ui.waitForText(By.cssSelector("#zones caption"), "1 of 56 zones match");
    assertThat(zoneRows())
        .extracting(WebElement::getText)
        .singleElement()
        .asString()
        .startsWith("zone-07.paging.test.");
    assertThat(browser.findElement(By.cssSelector(".pager")).isDisplayed()).isFalse();
    search.clear();
    search.sendKeys("APP1");
    ui.waitForText(By.cssSelector("#zones caption"), "1 of 56 zones match");
    assertThat(zoneRows())
        .extracting(row -> row.getAttribute("data-zone-id"))
        .containsExactly(APP1_ZONE);
  }

  @Test
  @Order(2)
  void weightedFailoverAndAliasRecordSetsMadeInTheEditorAreAnsweredByDig() throws Exception {
    browser.findElement(By.linkText(ZONE)).click();
    ui.visible(By.id("record-set-table"));
    ui.assertEveryInputIsLabelled();

    // A weight out of range is refused beside the weight input.
    fill(WEIGHTED, "weighted", "w1", "300", null, "10.1.5.1");
    submitEditor();
    ui.waitForText(By.id("rr-weight-error"), "weight must be within 0..255");
    assertThat(browser.findElement(By.id("rr-weight")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(ui.focused().getAttribute("id")).isEqualTo("rr-weight");

    fill(WEIGHTED, "weighted", "w1", "100", null, "10.1.5.1");
    saveAndAwaitInsync();
    fill(WEIGHTED, "weighted", "w2", "0", null, "10.1.5.2");
    saveAndAwaitInsync();
    fill(FAILOVER, "failover", "primary", null, "PRIMARY", "10.1.6.1");
    saveAndAwaitInsync();
    fill(FAILOVER, "failover", "secondary", null, "SECONDARY", "10.1.6.2");
    saveAndAwaitInsync();
    fill(ALIAS, "simple", null, null, null, null);
    browser.findElement(By.id("rr-alias")).click();
    assertThat(browser.findElement(By.id("rr-ttl")).isDisplayed()).isFalse();
    browser.findElement(By.id("rr-alias-target")).sendKeys("web." + ZONE);
    saveAndAwaitInsync();

    assertThat(row(WEIGHTED, "w1").getText()).contains("weight 100 (w1)");
    assertThat(row(FAILOVER, "secondary").getText()).contains("failover SECONDARY (secondary)");
    assertThat(row(ALIAS, null).getText()).contains("alias to web." + ZONE);
    ui.screenshot("zone-routing");
    // Weight 0 is answered only when no other member can be: always w1.
    for (int i = 0; i < 5; i++) {
      assertThat(Dig.query(node.dnsPort, APP1_SOURCE, WEIGHTED).answers("A"))
          .containsExactly("10.1.5.1");
    }
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, FAILOVER).answers("A"))
        .containsExactly("10.1.6.1");
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, ALIAS).answers("A"))
        .containsExactly("10.1.0.10");
  }

  @Test
  @Order(3)
  void editPrefillsARoutedRecordSetAndSavingReplacesIt() throws Exception {
    row(WEIGHTED, "w1").findElement(By.cssSelector("button[aria-label^='Edit']")).click();
    assertThat(ui.text("rr-editing")).isEqualTo("Editing " + WEIGHTED + " A (w1).");
    assertThat(
            new Select(browser.findElement(By.id("rr-routing")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("weighted");
    assertThat(browser.findElement(By.id("rr-set-identifier")).getAttribute("value"))
        .isEqualTo("w1");
    assertThat(browser.findElement(By.id("rr-weight")).getAttribute("value")).isEqualTo("100");
    assertThat(ui.focused().getAttribute("id")).isEqualTo("rr-values");
    WebElement values = browser.findElement(By.id("rr-values"));
    values.clear();
    values.sendKeys("10.1.5.9");
    saveAndAwaitInsync();
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, WEIGHTED).answers("A"))
        .containsExactly("10.1.5.9");
    // The alias prefills as an alias.
    row(ALIAS, null).findElement(By.cssSelector("button[aria-label^='Edit']")).click();
    assertThat(browser.findElement(By.id("rr-alias")).isSelected()).isTrue();
    assertThat(browser.findElement(By.id("rr-alias-target")).getAttribute("value"))
        .isEqualTo("web." + ZONE);
    browser.findElement(By.id("rr-new")).click();
    assertThat(browser.findElement(By.id("rr-editing")).isDisplayed()).isFalse();
  }

  @Test
  @Order(4)
  void deleteAsksFirstThenTheSecondaryAnswers() throws Exception {
    WebElement delete =
        row(FAILOVER, "primary").findElement(By.cssSelector("button[aria-label^='Delete']"));
    delete.click();
    ui.visible(By.id("delete-confirmation"));
    assertThat(ui.text("delete-question")).startsWith("Delete " + FAILOVER + " A (primary)?");
    assertThat(ui.focused().getAttribute("id")).isEqualTo("delete-cancel");
    browser.findElement(By.id("delete-cancel")).click();
    assertThat(browser.findElement(By.id("delete-confirmation")).isDisplayed()).isFalse();
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, FAILOVER).answers("A"))
        .containsExactly("10.1.6.1");

    row(FAILOVER, "primary").findElement(By.cssSelector("button[aria-label^='Delete']")).click();
    ui.js("document.getElementById('delete-status').textContent = ''");
    ui.visible(By.id("delete-confirm")).click();
    ui.waitForText(By.id("delete-status"), "INSYNC");
    wait.until(ExpectedConditions.numberOfElementsToBe(rowLocator(FAILOVER, "primary"), 0));
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, FAILOVER).answers("A"))
        .containsExactly("10.1.6.2");
  }

  @Test
  @Order(5)
  void exportDownloadsAMasterFileOfTheZone() throws Exception {
    Path downloads = Files.createDirectories(shared.folder("downloads"));
    browser.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    browser.findElement(By.id("zone-export")).click();
    ui.waitForText(By.id("export-status"), "Exported app1.aws.customer.local.zone");
    Path file = downloads.resolve("app1.aws.customer.local.zone");
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> Files.exists(file));
    String text = Files.readString(file);
    List<String> records = new ArrayList<>();
    try (Master master =
        new Master(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            Name.fromString(ZONE))) {
      for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
        records.add(record.getName() + " " + record.rdataToString());
      }
    }
    assertThat(records).contains("web." + ZONE + " 10.1.0.10", "api." + ZONE + " 10.1.0.11");
    // Routed and alias record sets cannot be written as records: the closing comment names them.
    assertThat(text).contains(WEIGHTED, ALIAS);
  }

  @Test
  @Order(6)
  void anImportWithABadLineShowsItsLineAndChangesNothing() throws Exception {
    WebElement text = browser.findElement(By.id("import-text"));
    text.sendKeys("$TTL 300\nimp1 IN A 10.1.8.1\nimp2 IN A not-an-address\n");
    browser.findElement(By.cssSelector("#zone-import-form button[type=submit]")).click();
    ui.waitForText(By.id("import-errors"), "Line 3:");
    assertThat(browser.findElements(By.cssSelector("#import-errors li")))
        .extracting(li -> li.getAttribute("data-line"))
        .containsExactly("3");
    assertThat(text.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(text.getAttribute("aria-describedby")).contains("import-errors");
    assertThat(ui.text("import-form-error")).contains("InvalidZoneFile");
    assertThat(ui.focused().getAttribute("id")).isEqualTo("import-text");
    ui.assertEveryInputIsLabelled();
    ui.screenshot("zone-import");
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, "imp1." + ZONE).status()).isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(7)
  void aGoodImportIsAnsweredByDig() throws Exception {
    String file =
        "$TTL 120\nimp1 IN A 10.1.8.1\n"
            + IntStream.range(0, IMPORTED_NAMES)
                .mapToObj(i -> String.format("p%02d IN A 10.1.7.%d", i, i))
                .collect(Collectors.joining("\n"))
            + "\n";
    WebElement text = browser.findElement(By.id("import-text"));
    text.clear();
    ui.js("arguments[0].value = arguments[1]", text, file);
    ui.js("document.getElementById('import-status').textContent = ''");
    browser.findElement(By.cssSelector("#zone-import-form button[type=submit]")).click();
    ui.waitForText(By.id("import-status"), "INSYNC");
    assertThat(browser.findElements(By.cssSelector("#import-errors li"))).isEmpty();
    assertThat(text.getAttribute("aria-invalid")).isNull();
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, "imp1." + ZONE).answers("A"))
        .containsExactly("10.1.8.1");
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, "p42." + ZONE).answers("A"))
        .containsExactly("10.1.7.42");
    // merge kept what the file does not name
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, ALIAS).answers("A"))
        .containsExactly("10.1.0.10");
  }

  @Test
  @Order(8)
  void recordSetsAreSearchedByNameAndTypeAndPaged() throws Exception {
    // The zone now holds more record sets than a page: the API's nextToken pages them.
    List<String> firstPage = recordSetNames();
    assertThat(firstPage).hasSize(50);
    assertThat(ui.text("rrs-page")).contains("Page 1", "more on the next page");
    browser.findElement(By.id("rrs-next")).click();
    ui.waitForText(By.id("rrs-page"), "Page 2");
    List<String> secondPage = recordSetNames();
    // The next page goes on where the first stopped: together they hold every record set once.
    assertThat(secondPage).isNotEmpty().doesNotContainAnyElementsOf(firstPage);
    List<String> both = new ArrayList<>(firstPage);
    both.addAll(secondPage);
    assertThat(both).doesNotHaveDuplicates();
    assertThat(both.stream().map(key -> key.split(" ")[0]))
        .contains("p00." + ZONE, "p59." + ZONE, "web." + ZONE, WEIGHTED);
    assertThat(browser.findElement(By.id("rrs-next")).isEnabled()).isFalse();
    browser.findElement(By.id("rrs-previous")).click();
    ui.waitForText(By.id("rrs-page"), "Page 1");

    browser.findElement(By.id("rrs-search-name")).sendKeys("p07");
    browser.findElement(By.cssSelector("#rrs-search button[type=submit]")).click();
    wait.until(d -> recordSetRows().size() == 1);
    assertThat(recordSetRows().get(0).getAttribute("data-name")).isEqualTo("p07." + ZONE);
    browser.findElement(By.id("rrs-search-name")).clear();
    new Select(browser.findElement(By.id("rrs-search-type"))).selectByValue("AAAA");
    browser.findElement(By.cssSelector("#rrs-search button[type=submit]")).click();
    wait.until(d -> recordSetRows().size() == 1);
    assertThat(recordSetRows().get(0).getAttribute("data-name")).isEqualTo("api." + ZONE);
    // A name the API cannot read is shown beside the search input.
    browser.findElement(By.id("rrs-search-name")).sendKeys("bad..name");
    browser.findElement(By.cssSelector("#rrs-search button[type=submit]")).click();
    ui.waitForText(By.id("rrs-search-name-error"), "not a valid DNS name");
    browser.findElement(By.id("rrs-search-clear")).click();
    wait.until(d -> recordSetRows().size() == 50);
  }

  @Test
  @Order(9)
  void aLostConnectionSaysSoAndKeepsWhatWasTyped() throws Exception {
    String name = "offline." + ZONE;
    fill(name, "multivalue", "m1", null, null, "10.1.9.1");
    ui.js(
        "window.realFetch = window.fetch;"
            + " window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));");
    submitEditor();
    ui.waitForText(By.id("rr-form-error"), "The node did not answer");
    assertThat(ui.text("rr-form-error")).contains("What you typed is kept");
    assertThat(browser.findElement(By.id("rr-name")).getAttribute("value")).isEqualTo(name);
    assertThat(browser.findElement(By.id("rr-set-identifier")).getAttribute("value"))
        .isEqualTo("m1");
    assertThat(browser.findElement(By.id("rr-values")).getAttribute("value")).isEqualTo("10.1.9.1");
    assertThat(
            new Select(browser.findElement(By.id("rr-routing")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("multivalue");
    ui.js("window.fetch = window.realFetch");
    saveAndAwaitInsync();
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, name).answers("A")).containsExactly("10.1.9.1");
  }

  @Test
  @Order(10)
  void aQueryLogLineIsExplainedAsThePathItTook() throws Exception {
    String line = queryLogLine("p07." + ZONE);
    ui.go("#/explain");
    WebElement box = ui.visible(By.id("explain-log-line"));
    ui.js("arguments[0].value = arguments[1]", box, line);
    browser.findElement(By.cssSelector("#explain-log-form button[type=submit]")).click();
    ui.waitForText(By.id("answer-records"), "10.1.7.7");
    assertThat(browser.findElement(By.id("explain-source")).getAttribute("value"))
        .isEqualTo(APP1_SOURCE);
    assertThat(browser.findElement(By.id("explain-name")).getAttribute("value"))
        .isEqualTo("p07." + ZONE);
    assertThat(ui.text("step-source")).contains(APP1_SOURCE, "main listener");
    assertThat(ui.text("step-vpc")).contains(DemoConfiguration.APP1_USE1.id());
    assertThat(ui.text("step-winner")).contains("HOSTED_ZONE " + ZONE + " (" + APP1_ZONE + ")");
    assertThat(ui.text("explain-summary"))
        .contains(APP1_SOURCE, DemoConfiguration.APP1_USE1.id(), "NOERROR");
    // The path's steps follow each other in order, an arrow drawn between them.
    assertThat(
            browser.findElements(By.cssSelector("ol.path > li")).stream()
                .map(li -> li.getAttribute("id"))
                .toList())
        .containsExactly(
            "step-source",
            "step-vpc",
            "step-candidates",
            "step-winner",
            "step-record-sets",
            "step-answer");
    assertThat(
            ui.js(
                "return getComputedStyle(document.getElementById('step-vpc'), '::before')"
                    + ".content"))
        .isEqualTo("\"↓\"");
    assertThat(browser.getCurrentUrl()).contains("#/explain?sourceIp=" + APP1_SOURCE);
    ui.assertEveryInputIsLabelled();
    ui.screenshot("explain-path");

    // A line that is not a query-log object is refused beside the box.
    box.clear();
    box.sendKeys("{\"query_name\":\"x.\"}");
    browser.findElement(By.cssSelector("#explain-log-form button[type=submit]")).click();
    ui.waitForText(By.id("explain-log-line-error"), "has no query_type");
  }

  @Test
  @Order(11)
  void aLinkOpensItsExplanation() throws Exception {
    ui.go("#/explain?vpcId=" + DemoConfiguration.APP1_USE1.id() + "&name=db." + ZONE + "&type=A");
    ui.waitForText(By.id("answer-rcode"), "NOERROR");
    assertThat(
            new Select(browser.findElement(By.id("explain-vpc")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo(DemoConfiguration.APP1_USE1.id());
    assertThat(ui.text("step-source")).contains("VPC given");
    // The demo's failover pair, each with its health (the primary has a health check).
    assertThat(ui.text("explain-record-sets")).contains("PRIMARY", "SECONDARY", "no health check");
    assertThat(browser.findElement(By.cssSelector("nav a[aria-current=page]")).getText())
        .isEqualTo("Explain");
    // An unknown VPC in a link is the API's error, beside the VPC input.
    ui.go("#/explain?vpcId=vpc-0000000000000dead&name=db." + ZONE);
    ui.waitForText(By.id("explain-vpc-error"), "No VPC with id vpc-0000000000000dead");
    assertThat(browser.findElement(By.id("explain-vpc")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(ui.text("explain-error")).contains("NoSuchVpc");
  }

  private static String queryLogLine(String name) throws Exception {
    HttpResponse<String> config =
        node.call(
            "POST",
            "/v1/resolver/query-log-configs",
            app1Token,
            "{\"name\":\"console\",\"destination\":\"file:console\"}");
    assertThat(config.statusCode()).as(config.body()).isEqualTo(201);
    Matcher id = ID.matcher(config.body());
    assertThat(id.find()).isTrue();
    HttpResponse<String> association =
        node.call(
            "POST",
            "/v1/resolver/query-log-configs/" + id.group(1) + "/associations",
            app1Token,
            "{\"vpcId\":\"" + DemoConfiguration.APP1_USE1.id() + "\"}");
    assertThat(association.statusCode()).as(association.body()).isEqualTo(201);
    Path file =
        shared
            .folder("data")
            .resolve("query-logs")
            .resolve(DemoConfiguration.APP1)
            .resolve("console.jsonl");
    // The association reaches the data plane within a second; ask until the line is written.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      Dig.query(node.dnsPort, APP1_SOURCE, name);
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.contains("\"query_name\":\"" + name + "\"")) {
            return line;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no query-log line for " + name);
  }

  @Test
  @Order(12)
  void aZoneCreatedInTheConsoleAnswersARecordMadeThereToDig() throws Exception {
    String zone = "made.console.test.";
    String www = "www." + zone;
    ui.go("#/zones");
    ui.visible(By.id("zone-create"));
    ui.assertEveryInputIsLabelled();

    // Nothing given: both problems beside their fields, the focus on the first, nothing created.
    browser.findElement(By.cssSelector("#zone-create button[type=submit]")).click();
    ui.waitForText(By.id("zone-vpc-error"), "vpc");
    assertThat(ui.text("zone-name-error")).isNotBlank();
    assertThat(browser.findElement(By.id("zone-vpc")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(ui.focused().getAttribute("id")).isEqualTo("zone-name");
    ui.screenshot("zone-create");

    replace("zone-name", "made.console.test");
    new Select(browser.findElement(By.id("zone-vpc")))
        .selectByValue(DemoConfiguration.APP1_USE1.id());
    replace("zone-comment", "made in the console");
    browser.findElement(By.cssSelector("#zone-create button[type=submit]")).click();
    ui.visible(By.id("record-set-table"));
    assertThat(browser.getCurrentUrl()).contains("#/zones/Z");
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, www).status()).isEqualTo("NXDOMAIN");

    fill(www, "simple", null, null, null, "10.1.77.7");
    saveAndAwaitInsync();

    Dig dig = Dig.query(node.dnsPort, APP1_SOURCE, www);
    assertThat(dig.status()).isEqualTo("NOERROR");
    assertThat(dig.answers("A")).containsExactly("10.1.77.7");
    String zones = node.call("GET", "/v1/hostedzones?maxItems=100", app1Token, null).body();
    assertThat(zones).contains("\"name\":\"" + zone + "\"", "made in the console");
  }

  /** Fills the editor; null leaves an input as it is (hidden for the kind). */
  private static void fill(
      String name,
      String routing,
      String setIdentifier,
      String weight,
      String failover,
      String values) {
    WebElement alias = browser.findElement(By.id("rr-alias"));
    if (alias.isSelected()) {
      alias.click();
    }
    replace("rr-name", name);
    new Select(browser.findElement(By.id("rr-type"))).selectByValue("A");
    new Select(browser.findElement(By.id("rr-routing"))).selectByValue(routing);
    if (setIdentifier != null) {
      replace("rr-set-identifier", setIdentifier);
    }
    if (weight != null) {
      replace("rr-weight", weight);
    }
    if (failover != null) {
      new Select(browser.findElement(By.id("rr-failover"))).selectByValue(failover);
    }
    replace("rr-ttl", "60");
    replace("rr-values", values == null ? "" : values);
  }

  private static void replace(String id, String value) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  private static void submitEditor() {
    browser.findElement(By.cssSelector("#record-set-form button[type=submit]")).click();
  }

  private static void saveAndAwaitInsync() {
    ui.js("document.getElementById('change-status').textContent = ''");
    submitEditor();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d -> {
              String errors = ui.text("rr-form-error");
              if (errors.contains("Bad Request")) {
                throw new AssertionError("not saved: " + errors);
              }
              return ui.text("change-status").contains("INSYNC");
            });
  }

  private static List<WebElement> zoneRows() {
    return browser.findElements(By.cssSelector("#zones tbody tr"));
  }

  /** Name, type and set identifier of each row shown. */
  private static List<String> recordSetNames() {
    return recordSetRows().stream()
        .map(
            row ->
                row.getAttribute("data-name")
                    + " "
                    + row.getAttribute("data-type")
                    + " "
                    + row.getAttribute("data-set-identifier"))
        .toList();
  }

  private static List<WebElement> recordSetRows() {
    return browser.findElements(By.cssSelector("#record-set-table tbody tr"));
  }

  private static By rowLocator(String name, String setIdentifier) {
    return By.cssSelector(
        "#record-set-table tr[data-name='"
            + name
            + "']"
            + (setIdentifier == null ? "" : "[data-set-identifier='" + setIdentifier + "']"));
  }

  private static WebElement row(String name, String setIdentifier) {
    return ui.visible(rowLocator(name, setIdentifier));
  }
}
