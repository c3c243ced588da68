package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console (docs/console.md) in a real headless Chromium against a real demo node: what
 * a user does through the pages is checked where it lands, in the browser's storage, in the admin
 * API and in dig's answers. Saves a screenshot of each page into docs/console/. Skipped without
 * Debian's chromium and chromium-driver (and without dig).
 */
@ResourceLock(DemoAddresses.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
  private static final String APP1_SOURCE = "127.1.10.5";
  private static final String APP1_ZONE = "ZAPP1CUSTOMER001";
  private static final String NEW_NAME = "console.app1.aws.customer.local.";

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static ConsoleBrowser ui;
  static ChromeDriver browser;
  static WebDriverWait wait;
  static String console;
  static String app1Token;

  @BeforeAll
  static void start() {
    node = shared.start("--isthmus.demo=true");
    ui = ConsoleBrowser.open(shared, node);
    browser = ui.driver;
    wait = ui.wait;
    console = ui.console;
  }

  @Test
  @Order(1)
  void consoleIsServedWithoutATokenWhileV1StillNeedsOne() throws Exception {
    HttpResponse<String> page = node.call("GET", "/console/", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Isthmus console</title>");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    assertThat(node.call("GET", "/console/js/app.js", null, null).statusCode()).isEqualTo(200);
    assertThat(node.call("GET", "/v1/hostedzones", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(2)
  void signInShowsWhoYouAreAndKeepsTheTokenInTheSessionOnly() throws Exception {
    app1Token = node.issueToken(DemoConfiguration.APP1);
    browser.get(console);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertEveryInputIsLabelled();
    screenshot("sign-in");
    signIn(app1Token);
    assertThat(text("who")).isEqualTo("Signed in as app1 (" + DemoConfiguration.APP1 + ")");
    assertThat(js("return sessionStorage.getItem(arguments[0])", ConsoleBrowser.TOKEN_KEY))
        .isEqualTo(app1Token);
    assertThat(js("return localStorage.length")).isEqualTo(0L);
    assertThat(js("return document.cookie")).isEqualTo("");
    String everythingStored =
        (String) js("return JSON.stringify(localStorage) + document.cookie + window.name");
    assertThat(everythingStored).doesNotContain(app1Token);
  }

  @Test
  @Order(3)
  void zonesPageListsTheCallersZones() throws Exception {
    browser.get(console + "#/zones");
    WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("zones")));
    assertThat(table.findElements(By.cssSelector("tbody tr")))
        .extracting(row -> row.getAttribute("data-zone-id"))
        .containsExactly(APP1_ZONE);
    screenshot("zones");
  }

  @Test
  @Order(4)
  void recordCreatedInTheConsoleIsAnsweredByDigFromTheAccountsVpc() throws Exception {
    browser.findElement(By.linkText("app1.aws.customer.local.")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("record-set-table")));
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, NEW_NAME).status()).isEqualTo("NXDOMAIN");
    fillRecordSet(NEW_NAME, "A", "60", "10.1.0.77\n10.1.0.78");
    browser.findElement(By.cssSelector("#record-set-form button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("change-status"), "INSYNC"));
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#record-set-table tr[data-name='" + NEW_NAME + "'][data-type='A']")));
    screenshot("zone");
    Dig dig = Dig.query(node.dnsPort, APP1_SOURCE, NEW_NAME);
    assertThat(dig.status()).isEqualTo("NOERROR");
    assertThat(dig.answers("A")).containsExactlyInAnyOrder("10.1.0.77", "10.1.0.78");
  }

  @Test
  @Order(5)
  void apiValidationErrorsAreShownBesideTheirFields() throws Exception {
    fillRecordSet("bad.app1.aws.customer.local", "A", "99999999999", "not-an-address");
    browser.findElement(By.cssSelector("#record-set-form button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("rr-values-error"), "Line 1"));
    assertThat(text("rr-ttl-error")).contains("ttl must be within 0..");
    assertThat(browser.findElement(By.id("rr-ttl")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.findElement(By.id("rr-values")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(browser.findElement(By.id("rr-name")).getAttribute("aria-invalid")).isNull();
    assertThat(text("rr-form-error")).contains("InvalidChangeBatch", "Bad Request");
    // The first invalid input has the focus, and describes itself by its error.
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("rr-ttl");
    assertThat(browser.findElement(By.id("rr-ttl")).getAttribute("aria-describedby"))
        .isEqualTo("rr-ttl-error");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("announcer"), "Not saved"));
    assertEveryInputIsLabelled();
    screenshot("zone-errors");
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, "bad.app1.aws.customer.local").status())
        .isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(6)
  void explainShowsTheMoreSpecificZoneWinningForAShadowedName() throws Exception {
    // By keyboard alone: Tab from the top of the page (its first stop, the skip link) to the
    // Explain link, which shows its focus. (A blur would leave Tab going on from the zone page's
    // last input, far down a long page.)
    js("document.querySelector('.skip').focus()");
    for (int i = 0; i < 10 && !"Explain".equals(focused().getText()); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    assertThat(focused().getText()).isEqualTo("Explain");
    assertThat(js("return getComputedStyle(document.activeElement).outlineStyle"))
        .isEqualTo("solid");
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("explain-name")));
    assertEveryInputIsLabelled();
    new Select(browser.findElement(By.id("explain-vpc")))
        .selectByValue(DemoConfiguration.APP1_USE1.id());
    browser.findElement(By.id("explain-name")).sendKeys("host.app1.aws.customer.local");
    browser.findElement(By.cssSelector("#explain-form button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-answer")));
    assertThat(text("step-vpc")).contains(DemoConfiguration.APP1_USE1.id());
    assertThat(text("step-candidates"))
        .contains("HOSTED_ZONE app1.aws.customer.local. (ZAPP1CUSTOMER001) ← winner")
        .contains("HOSTED_ZONE aws.customer.local. (ZAWSCUSTOMER0001)");
    assertThat(text("step-winner"))
        .contains("HOSTED_ZONE app1.aws.customer.local. (ZAPP1CUSTOMER001)")
        .contains("most specific");
    assertThat(text("answer-rcode")).isEqualTo("NXDOMAIN");
    screenshot("explain");
    // What the page says is what dig gets from that VPC.
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, "host.app1.aws.customer.local").status())
        .isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(7)
  void anUnknownTokenReturnsToSignInAndKeepsWhatWasTyped() throws Exception {
    WebElement name = browser.findElement(By.id("explain-name"));
    name.clear();
    name.sendKeys("web.app1.aws.customer.local");
    // The operator rotates app1's token: the one in the browser stops working at once.
    String rotated = node.issueToken(DemoConfiguration.APP1);
    browser.findElement(By.cssSelector("#explain-form button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(text("sign-in-reason")).contains("Your token expired or is unknown");
    assertThat(js("return sessionStorage.getItem(arguments[0])", ConsoleBrowser.TOKEN_KEY))
        .isNull();
    assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
    screenshot("token-expired");
    signIn(rotated);
    assertThat(browser.findElement(By.id("explain-name")).getAttribute("value"))
        .isEqualTo("web.app1.aws.customer.local");
    browser.findElement(By.cssSelector("#explain-form button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("answer-records"), "10.1.0.10"));
  }

  @Test
  @Order(8)
  void anotherAccountCannotSeeTheZone() throws Exception {
    browser.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(js("return sessionStorage.getItem(arguments[0])", ConsoleBrowser.TOKEN_KEY))
        .isNull();
    browser.get(console + "#/zones");
    signIn(node.issueToken(DemoConfiguration.APP2));
    WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("zones")));
    assertThat(table.getText()).contains("app2.aws.customer.local.").doesNotContain("app1");
    browser.get(console + "#/zones/" + APP1_ZONE);
    WebElement alert =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#view [role=alert]")));
    assertThat(alert.getText()).contains("Not Found").doesNotContain("record");
    assertThat(browser.findElements(By.id("record-set-table"))).isEmpty();
  }

  private static void signIn(String token) {
    ui.signIn(token);
  }

  private static void fillRecordSet(String name, String type, String ttl, String values) {
    for (String id : List.of("rr-name", "rr-ttl", "rr-values")) {
      browser.findElement(By.id(id)).clear();
    }
    browser.findElement(By.id("rr-name")).sendKeys(name);
    new Select(browser.findElement(By.id("rr-type"))).selectByValue(type);
    browser.findElement(By.id("rr-ttl")).sendKeys(ttl);
    browser.findElement(By.id("rr-values")).sendKeys(values);
  }

  private static WebElement focused() {
    return ui.focused();
  }

  private static void assertEveryInputIsLabelled() {
    ui.assertEveryInputIsLabelled();
  }

  private static String text(String id) {
    return ui.text(id);
  }

  private static Object js(String script, Object... args) {
    return ui.js(script, args);
  }

  private static void screenshot(String name) throws IOException {
    ui.screenshot(name);
  }
}
