package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard and alerting rules of docs/observability/README.md against a real node: every
 * {@code isthmus_*} series their expressions use is in the node's {@code /actuator/prometheus}
 * scrape, with every label they select, group or print by, so renaming a meter or a tag breaks the
 * build instead of a dashboard. The rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}), the dashboard's expressions parse as PromQL, the dashboard imports
 * (a datasource input, a node variable, a datasource and a target on every panel) and every alert
 * has a severity, a delay, what to do, docs it cites that exist, and a row in the README's table.
 */
@ResourceLock(DemoAddresses.LOCK)
class ObservabilityPackIT {
  @RegisterExtension static final SharedNode shared = new SharedNode();

  private static final String DASHBOARD = "docs/observability/isthmus-dashboard.json";
  private static final String ALERTS = "docs/observability/isthmus-alerts.yml";
  private static final String ALERT_TESTS = "docs/observability/isthmus-alerts.test.yml";
  private static final String README = "docs/observability/README.md";

  /**
   * Labels Prometheus adds to every scraped series (the target's), not the node: the metrics carry
   * no node label, a node is its {@code instance}.
   */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  private static final Pattern METRIC = Pattern.compile("\\bisthmus_[a-z0-9_]+\\b");
  private static final Pattern SELECTOR = Pattern.compile("\\b(isthmus_[a-z0-9_]+)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER = Pattern.compile("([A-Za-z_]\\w*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*(isthmus_[a-z0-9_]+)[^,]*,\\s*(\\w+)\\s*\\)");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
  private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.(\\w+)");
  private static final Pattern SCRAPED_LABEL =
      Pattern.compile("([A-Za-z_]\\w*)=\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern CITATION =
      Pattern.compile("docs/([\\w/.-]+\\.md)((?:\\s*(?:,|and)?\\s*\"[^\"]+\")+)");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  /** Series names of one scrape, each with the label names it carries. */
  private static Map<String, Set<String>> scraped;

  @TempDir Path temp;

  @BeforeAll
  static void scrapeADemoNodeThatAnswered() throws Exception {
    RunningNode node = shared.start("--isthmus.demo=true");
    String client = "127.1.10.5";
    assertThat(Dig.query(node.dnsPort, client, "web.app1.aws.customer.local").status())
        .isEqualTo("NOERROR");
    assertThat(Dig.query(node.dnsPort, client, "+tcp", "web.app1.aws.customer.local").status())
        .isEqualTo("NOERROR");
    assertThat(Dig.query(node.dnsPort, client, "nothing.app1.aws.customer.local").status())
        .isEqualTo("NXDOMAIN");
    // Forwarded by the demo's FORWARD rule, so the forwarder has a target to give meters to.
    Dig.query(node.dnsPort, client, "dc1.customer.local");

    // The target meters come from a sample every 10 s (ObservabilityConfiguration).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String body = scrape(node);
    while (!body.contains("isthmus_dns_forward_target_state{") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      body = scrape(node);
    }
    scraped = parseScrape(body);
  }

  @Test
  void everySeriesTheDashboardAndTheAlertsUseIsScraped() throws IOException {
    Map<String, Set<String>> missing = new TreeMap<>();
    for (Expression e : allExpressions()) {
      for (String metric : metrics(e.promql())) {
        if (!scraped.containsKey(metric)) {
          missing.computeIfAbsent(metric, m -> new TreeSet<>()).add(e.where());
        }
      }
    }

    assertThat(missing).as("series used but not scraped, by where they are used").isEmpty();
    // What the pack promises to show (issue 16): a series dropped from it fails here too.
    Set<String> used = new HashSet<>();
    dashboardExpressions().forEach(e -> used.addAll(metrics(e.promql())));
    assertThat(used)
        .contains(
            "isthmus_dns_queries_total",
            "isthmus_dns_query_latency_seconds_bucket",
            "isthmus_dns_cache_hits_total",
            "isthmus_dns_cache_misses_total",
            "isthmus_dns_forward_target_state",
            "isthmus_health_transitions_total",
            "isthmus_health_check_healthy",
            "isthmus_health_leader",
            "isthmus_dns_querylog_written_total",
            "isthmus_dns_querylog_dropped_total",
            "isthmus_config_version",
            "isthmus_config_refresh_age_seconds",
            "isthmus_config_serving_stale",
            "isthmus_store_up",
            "isthmus_dns_tcp_connections",
            "isthmus_dns_tcp_rejected_total",
            "isthmus_dns_rrl_total");
  }

  @Test
  void everyLabelTheyUseIsOnItsSeries() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Expression e : allExpressions()) {
      Set<String> metrics = metrics(e.promql());
      Matcher selector = SELECTOR.matcher(e.promql());
      while (selector.find()) {
        Matcher matcher = MATCHER.matcher(selector.group(2));
        while (matcher.find()) {
          checkLabel(problems, e, matcher.group(1), Set.of(selector.group(1)));
        }
      }
      // A label to group, join or print by must be on every series the expression reads.
      Set<String> grouped = new LinkedHashSet<>();
      Matcher grouping = GROUPING.matcher(e.promql());
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          if (!label.isBlank()) {
            grouped.add(label.trim());
          }
        }
      }
      Matcher printed =
          (e.where().startsWith(ALERTS) ? TEMPLATE_LABEL : LEGEND_LABEL).matcher(e.printed());
      while (printed.find()) {
        grouped.add(printed.group(1));
      }
      grouped.forEach(label -> checkLabel(problems, e, label, metrics));
      Matcher values = LABEL_VALUES.matcher(e.promql());
      while (values.find()) {
        checkLabel(problems, e, values.group(2), Set.of(values.group(1)));
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void theDashboardImportsWithADatasourceAndATargetOnEveryPanel() throws IOException {
    JsonNode dashboard = JsonMapper.builder().build().readTree(read(DASHBOARD));

    assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(dashboard.path("uid").asString()).isNotBlank();
    assertThat(dashboard.path("__inputs").path(0).path("name").asString())
        .isEqualTo("DS_PROMETHEUS");
    Map<String, JsonNode> variables = new TreeMap<>();
    dashboard
        .path("templating")
        .path("list")
        .forEach(v -> variables.put(v.path("name").asString(), v));
    assertThat(variables).containsKeys("DS_PROMETHEUS", "node");
    assertThat(variables.get("DS_PROMETHEUS").path("type").asString()).isEqualTo("datasource");
    assertThat(variables.get("node").path("definition").asString())
        .startsWith("label_values(")
        .endsWith(", instance)");

    Set<Integer> ids = new HashSet<>();
    int panels = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      String title = panel.path("title").asString();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
      if (panel.path("type").asString().equals("row")) {
        continue;
      }
      panels++;
      assertThat(panel.path("datasource").path("uid").asString())
          .as("datasource of %s", title)
          .isEqualTo("${DS_PROMETHEUS}");
      assertThat(panel.path("targets").size()).as("targets of %s", title).isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asString()).as("a target of %s", title).isNotBlank();
      }
    }
    assertThat(panels).isGreaterThanOrEqualTo(20);
  }

  @Test
  void everyAlertSaysHowBadItIsAndWhatToDoWithDocsThatExist() throws IOException {
    String readme = read(README);
    Set<String> names = new TreeSet<>();
    for (Map<?, ?> rule : alertRules()) {
      String name = String.valueOf(rule.get("alert"));
      names.add(name);
      assertThat(rule.get("for")).as("for: of %s", name).isNotNull();
      Map<?, ?> labels = (Map<?, ?>) rule.get("labels");
      assertThat(String.valueOf(labels.get("severity")))
          .as("severity of %s", name)
          .isIn("warning", "critical");
      Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
      assertThat(String.valueOf(annotations.get("summary"))).as(name).isNotBlank();
      String description = String.valueOf(annotations.get("description"));
      assertThat(description).as("description of %s", name).contains("See docs/");
      assertThat(citedHeadingsThatDoNotExist(description)).as(name).isEmpty();
      assertThat(readme).as("a row of %s in %s", name, README).contains("| `" + name + "` |");
    }

    assertThat(names)
        .contains(
            "IsthmusServingStaleConfiguration",
            "IsthmusConfigurationNotRefreshed",
            "IsthmusForwardTargetDown",
            "IsthmusServfailRatioHigh",
            "IsthmusQueryLogDropping",
            "IsthmusHealthLeaderMissing",
            "IsthmusStoreDown");
  }

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    assumePromtool();

    assertThat(promtool("check", "rules", file(ALERTS).toString())).contains("SUCCESS");
    // The test file names the rules relative to itself, from any working directory.
    assertThat(promtool("test", "rules", file(ALERT_TESTS).toString())).contains("SUCCESS");
  }

  @Test
  void promtoolParsesEveryDashboardExpression() throws Exception {
    assumePromtool();
    // Each panel's expression as a recording rule, Grafana's variables replaced by what they expand
    // to; the variables' own label_values(...) is Grafana's, not PromQL.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (Expression e : dashboardExpressions()) {
      if (!e.where().contains(" panel ")) {
        continue;
      }
      String promql =
          e.promql().replace("$__rate_interval", "5m").replace("$job", ".*").replace("$node", ".*");
      rules
          .append("      - record: dashboard:expression")
          .append(++n)
          .append("\n        expr: '")
          .append(promql.replace("'", "''"))
          .append("'\n");
    }
    Path file = temp.resolve("dashboard-rules.yml");
    Files.writeString(file, rules, StandardCharsets.UTF_8);

    assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + n + " rules");
  }

  private static void checkLabel(
      List<String> problems, Expression e, String label, Set<String> metrics) {
    if (TARGET_LABELS.contains(label)) {
      return;
    }
    for (String metric : metrics) {
      Set<String> labels = scraped.get(metric);
      if (labels != null && !labels.contains(label)) {
        problems.add(e.where() + ": " + metric + " has no label " + label + " " + labels);
      }
    }
  }

  /** One PromQL expression of the pack, where it is, and the text that prints its labels. */
  private record Expression(String where, String promql, String printed) {}

  private static List<Expression> allExpressions() throws IOException {
    List<Expression> all = new ArrayList<>(dashboardExpressions());
    for (Map<?, ?> rule : alertRules()) {
      Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
      all.add(
          new Expression(
              ALERTS + " " + rule.get("alert"),
              String.valueOf(rule.get("expr")),
              annotations.get("summary") + " " + annotations.get("description")));
    }
    return all;
  }

  private static List<Expression> dashboardExpressions() throws IOException {
    JsonNode dashboard = JsonMapper.builder().build().readTree(read(DASHBOARD));
    List<Expression> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(
            new Expression(
                DASHBOARD + " panel \"" + panel.path("title").asString() + "\"",
                target.path("expr").asString(),
                target.path("legendFormat").asString()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asString().equals("query")) {
        expressions.add(
            new Expression(
                DASHBOARD + " variable " + variable.path("name").asString(),
                variable.path("definition").asString(),
                ""));
      }
    }
    return expressions;
  }

  private static List<Map<?, ?>> alertRules() throws IOException {
    Map<?, ?> document =
        (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(read(ALERTS));
    List<Map<?, ?>> rules = new ArrayList<>();
    for (Object group : (List<?>) document.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        rules.add((Map<?, ?>) rule);
      }
    }
    return rules;
  }

  private static Set<String> metrics(String promql) {
    Set<String> metrics = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      metrics.add(m.group());
    }
    return metrics;
  }

  /**
   * The {@code docs/<file>.md "Heading"} citations of {@code text} (several headings joined by
   * "and" or a comma) whose file has no heading starting with the quoted text, ignoring case, as
   * docs/style.md "Build habits" asks of the code's citations.
   */
  private static List<String> citedHeadingsThatDoNotExist(String text) throws IOException {
    List<String> missing = new ArrayList<>();
    Matcher citation = CITATION.matcher(text);
    while (citation.find()) {
      List<String> headings = new ArrayList<>();
      for (String line : read("docs/" + citation.group(1)).split("\n")) {
        if (line.startsWith("#")) {
          headings.add(line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT));
        }
      }
      Matcher quoted = QUOTED.matcher(citation.group(2));
      while (quoted.find()) {
        String heading = quoted.group(1).toLowerCase(Locale.ROOT);
        if (headings.stream().noneMatch(h -> h.startsWith(heading))) {
          missing.add("docs/" + citation.group(1) + " \"" + quoted.group(1) + "\"");
        }
      }
    }
    return missing;
  }

  private static Map<String, Set<String>> parseScrape(String body) {
    Map<String, Set<String>> series = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int end = brace >= 0 && brace < space ? brace : space;
      Set<String> labels = series.computeIfAbsent(line.substring(0, end), n -> new TreeSet<>());
      if (end == brace) {
        Matcher label = SCRAPED_LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return series;
  }

  private static String scrape(RunningNode node) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static void assumePromtool() {
    boolean found;
    try {
      found = new ProcessBuilder("promtool", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      found = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      found = false;
    }
    assumeThat(found).as("promtool (Debian package prometheus) is needed").isTrue();
  }

  /** promtool's output; fails the test unless it exits 0. */
  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
    return output;
  }

  private static String read(String path) throws IOException {
    return Files.readString(file(path), StandardCharsets.UTF_8);
  }

  /** A file of the repository, found above the working directory (the module's, under Maven). */
  private static Path file(String path) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(path))) {
        return dir.resolve(path);
      }
    }
    throw new AssertionError(path + " not found above " + Path.of("").toAbsolutePath());
  }
}
