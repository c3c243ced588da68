package io.isthmus.containers;

import static io.isthmus.containers.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.isthmus.testsupport.Dig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The node image of docker/Dockerfile, built (docker/local/images.sh) and run with podman as the
 * README's walkthrough runs the jar: the demo configuration, the demo's dig lines, the admin API,
 * memory inside the container's limit after a burst, a clean stop on SIGTERM. The container shares
 * the host's network and listens on 127.78.3.1 only. Measured figures are printed with the prefix
 * "FIGURE" (docs/operations.md "Containers").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeImageIT {
  static final String IMAGE = "localhost/isthmus:latest";
  private static final String NAME = "isthmus-it-node";
  private static final String ADDRESS = "127.78.3.1";
  private static final int DNS_PORT = 8053;
  private static final int ADMIN_PORT = 8080;
  private static final String OPERATOR = "image-test-operator-token";

  /**
   * The container's memory limit, as docker/compose.yaml sets it: the JVM sizes its heap from it
   * (docker/Dockerfile).
   */
  private static final String MEMORY_LIMIT = "768m";

  /**
   * docs/operations.md "Containers": a node stays under 85 % of its container's limit, at idle and
   * after a burst of queries, leaving headroom before the engine's out-of-memory kill.
   */
  private static final long MEMORY_BOUND_BYTES = 768L * 1024 * 1024 * 85 / 100;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void startTheDemoNode() throws Exception {
    Dig.assumeInstalled();
    Podman.assumeWorksAndBuildImages();
    long size = Long.parseLong(podman("image", "inspect", "--format", "{{.Size}}", IMAGE));
    System.out.printf("FIGURE image size %s: %d MB%n", IMAGE, size / 1_000_000);
    podman("rm", "-f", "--ignore", NAME);
    long started = System.nanoTime();
    podman(
        "run",
        "-d",
        "--name",
        NAME,
        "--network",
        "host",
        "--memory",
        MEMORY_LIMIT,
        "-e",
        "ISTHMUS_DEMO=true",
        "-e",
        "ISTHMUS_NODE_ID=image-it",
        "-e",
        "ISTHMUS_DNS_LISTEN=" + ADDRESS + ":" + DNS_PORT,
        // The burst below comes from one source address: no rate limit, nothing leaves the host.
        "-e",
        "ISTHMUS_DNS_RRL_ENABLED=false",
        "-e",
        "ISTHMUS_DNS_DEFAULTUPSTREAMS=",
        "-e",
        "ISTHMUS_ADMIN_OPERATOR_TOKEN=" + OPERATOR,
        "-e",
        "SERVER_ADDRESS=" + ADDRESS,
        "-e",
        "SERVER_PORT=" + ADMIN_PORT,
        IMAGE);
    Poll.until(
        // Seconds on an idle machine; minutes where the build shares two cores with other work.
        Duration.ofMinutes(5),
        "answering the demo's first dig line",
        () -> dig("127.1.10.5", "web.app1.aws.customer.local").status(),
        "NOERROR"::equals);
    System.out.printf(
        "FIGURE time from podman run to the first answer: %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void removeTheNode() throws Exception {
    Podman.tryPodman(Duration.ofSeconds(30), "rm", "-f", "--ignore", NAME);
  }

  @Test
  @Order(1)
  void answersTheDemosDigLines() throws Exception {
    Dig app1 = dig("127.1.10.5", "web.app1.aws.customer.local");
    assertThat(app1.answers("A")).containsExactly("10.1.0.10");
    assertThat(app1.flags()).contains("aa");

    Dig crossAccount = dig("127.0.10.5", "web.app1.aws.customer.local");
    assertThat(crossAccount.answers("A")).containsExactly("10.1.0.10");

    assertThat(dig("127.0.10.5", "host.app1.aws.customer.local").status()).isEqualTo("NXDOMAIN");

    Dig chased = dig("127.0.10.5", "www.aws.customer.local");
    assertThat(chased.answers("CNAME")).isNotEmpty();
    assertThat(chased.answers("A")).isNotEmpty();

    Dig noData = dig("127.0.10.5", "db.app1.aws.customer.local", "AAAA");
    assertThat(noData.status()).isEqualTo("NOERROR");
    assertThat(noData.section("ANSWER")).isEmpty();
    assertThat(noData.section("AUTHORITY")).anyMatch(line -> line.contains(" SOA "));

    Dig outside = dig("127.9.9.9", "web.app1.aws.customer.local");
    assertThat(outside.status()).isEqualTo("REFUSED");
    assertThat(outside.output).contains("EDE: 18");

    assertThat(dig(null, "CH", "TXT", "id.server", "+nsid").answers("TXT"))
        .containsExactly("\"image-it\"");
  }

  @Test
  @Order(2)
  void itsAdminApiAndHealthCheckAnswer() throws Exception {
    HttpResponse<String> accounts = get("/v1/accounts", OPERATOR);
    assertThat(accounts.statusCode()).isEqualTo(200);
    assertThat(accounts.body()).contains("111111111111", "222222222222");
    assertThat(get("/v1/accounts", "not-the-token").statusCode()).isEqualTo(401);
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

    // The image's own HEALTHCHECK (docker/healthcheck.sh), as the engine runs it.
    assertThat(Podman.tryPodman(Duration.ofSeconds(30), "healthcheck", "run", NAME).exitCode())
        .isZero();
    assertThat(podman("inspect", "--format", "{{.Config.User}}", NAME)).isEqualTo("isthmus");
  }

  @Test
  @Order(3)
  void memoryStaysUnderTheBoundAfterABurst() throws Exception {
    assumeTrue(
        Podman.tryRun(Duration.ofSeconds(10), List.of("dnsperf", "-h")).exitCode() >= 0,
        "dnsperf (Debian package dnsperf) is needed for the burst");
    long idle = memoryInUse();
    System.out.printf("FIGURE memory of the node container at idle: %d MiB%n", idle >> 20);

    // Five seconds of as many queries as dnsperf gets answered, from app1's VPC: answers from the
    // zone, NXDOMAINs with SOA, the failover record.
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      queries.add("web.app1.aws.customer.local A");
      queries.add("host" + i + ".app1.aws.customer.local A");
      queries.add("db.app1.aws.customer.local A");
    }
    Path file = Files.createTempFile("isthmus-burst", ".txt");
    Files.write(file, queries, StandardCharsets.UTF_8);
    Podman.Result burst =
        Podman.tryRun(
            Duration.ofMinutes(1),
            List.of(
                "dnsperf",
                "-s",
                ADDRESS,
                "-p",
                String.valueOf(DNS_PORT),
                "-a",
                "127.1.10.5",
                "-d",
                file.toString(),
                "-l",
                "5"));
    Files.delete(file);
    Matcher completed = Pattern.compile("Queries completed:\\s+(\\d+)").matcher(burst.output());
    assertThat(completed.find()).as(burst.output()).isTrue();
    assertThat(Long.parseLong(completed.group(1))).as(burst.output()).isGreaterThan(1000);

    long loaded = memoryInUse();
    System.out.printf(
        "FIGURE memory of the node container after %s queries in 5 s: %d MiB%n",
        completed.group(1), loaded >> 20);
    assertThat(idle).isLessThan(MEMORY_BOUND_BYTES);
    assertThat(loaded).isLessThan(MEMORY_BOUND_BYTES);
    assertThat(podman("inspect", "--format", "{{.State.Running}} {{.State.OOMKilled}}", NAME))
        .isEqualTo("true false");
    assertThat(dig("127.1.10.5", "web.app1.aws.customer.local").answers("A"))
        .containsExactly("10.1.0.10");
  }

  @Test
  @Order(4)
  void stopsCleanlyOnSigtermWithinTheGracePeriod() throws Exception {
    long started = System.nanoTime();
    // The grace period of docker/compose.yaml; a SIGKILL after it would show as exit code 137.
    podman("stop", "--time", "30", NAME);
    System.out.printf(
        "FIGURE podman stop (SIGTERM to exit): %.1f s%n", (System.nanoTime() - started) / 1e9);

    assertThat(podman("inspect", "--format", "{{.State.ExitCode}}", NAME)).isIn("0", "143");
    assertThat(podman("logs", NAME)).doesNotContain("OutOfMemoryError");
  }

  /**
   * The container's memory in use as the engine counts it against the limit ({@code podman stats}:
   * the cgroup's usage without the reclaimable file cache). The JVM's own resident size is no
   * measure here: ZGC maps its heap three times and the kernel counts each mapping.
   */
  private static long memoryInUse() throws Exception {
    String usage = podman("stats", "--no-stream", "--format", "{{.MemUsageBytes}}", NAME);
    Matcher size = Pattern.compile("([0-9.]+)([kMG]i?B|B)").matcher(usage);
    assertThat(size.find()).as(usage).isTrue();
    double value = Double.parseDouble(size.group(1));
    long unit =
        switch (size.group(2).charAt(0)) {
          case 'k' -> 1L << 10;
          case 'M' -> 1L << 20;
          case 'G' -> 1L << 30;
          default -> 1L;
        };
    return (long) (value * unit);
  }

  static Dig dig(String source, String... args) throws Exception {
    return Dig.queryAt(ADDRESS, DNS_PORT, source, args);
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + ADDRESS + ":" + ADMIN_PORT + path))
            .timeout(Duration.ofSeconds(10))
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
