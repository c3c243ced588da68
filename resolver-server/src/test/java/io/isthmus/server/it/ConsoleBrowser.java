package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) on a node's console, with what
 * the console tests do with it: sign in, read elements, run a script, save a screenshot into
 * docs/console/. Aborts the test class when chromium or its driver is missing.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final String TOKEN_KEY = "isthmus.console.token";

  final ChromeDriver driver;
  final WebDriverWait wait;

  /** The console's address, ending in "/console/". */
  final String console;

  private ConsoleBrowser(ChromeDriver driver, String console) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    this.console = console;
  }

  /** A browser for {@code node}'s console, its profile in a folder of {@code shared}. */
  static ConsoleBrowser open(SharedNode shared, RunningNode node) {
    Optional<Path> chromium = onPath("chromium");
    Optional<Path> chromedriver = onPath("chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      Assumptions.abort(
          "chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--user-data-dir=" + shared.folder("chromium-profile"));
    // The driver is Debian's, given explicitly: Selenium Manager downloads nothing.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .build();
    return shared.closeAfterAll(
        new ConsoleBrowser(
            new ChromeDriver(service, options), "http://127.0.0.1:" + node.httpPort + "/console/"));
  }

  /** Quits the browser and its driver process. */
  @Override
  public void close() {
    driver.quit();
  }

  /** Opens the console at {@code hash} ("#/zones"; "" for the start page). */
  void go(String hash) {
    driver.get(console + hash);
  }

  void signIn(String token) {
    WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    input.sendKeys(token);
    driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in"));
  }

  WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /** Every visible input, select and text area of the page has a label element. */
  void assertEveryInputIsLabelled() {
    Object unlabelled =
        js(
            "return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.offsetParent !== null && e.labels.length === 0).map(e => e.id)");
    assertThat((List<?>) unlabelled).isEmpty();
  }

  /** docs/console/{name}.png, for docs/console.md. */
  void screenshot(String name) throws IOException {
    Path folder =
        Path.of(System.getProperty("basedir", ".")).resolve("../docs/console").normalize();
    Files.createDirectories(folder);
    // The whole page, not only the part in view: the viewport is stretched to the page meanwhile
    // (a headless window cannot grow past its screen).
    long height = (Long) js("return document.documentElement.scrollHeight");
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            1280,
            "height",
            Math.min(height, 4000),
            "deviceScaleFactor",
            1,
            "mobile",
            false));
    try {
      Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(java.io.File.pathSeparator))
        .map(folder -> Path.of(folder, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
