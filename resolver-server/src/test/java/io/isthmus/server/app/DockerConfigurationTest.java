package io.isthmus.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/compose.yaml and docker/Dockerfile set only real {@code isthmus.*} keys: every {@code
 * ISTHMUS_*} variable (Spring Boot's relaxed binding) and {@code --isthmus.*} argument is bound to
 * {@link IsthmusProperties} by Spring Boot's own binder with unknown keys refused, so a renamed or
 * misspelt key fails the build even where no container engine runs. Also checks the compose file is
 * the seed architecture in miniature (docs/operations.md) and the image bounds the JVM's memory.
 */
class DockerConfigurationTest {

  private static final Pattern ENV_PAIR = Pattern.compile("(ISTHMUS_[A-Za-z0-9_]+)=(\\S*)");

  private static final Pattern ISTHMUS_ARGUMENT =
      Pattern.compile("--(isthmus\\.[^=\\s\"]+)=(\\S*)");

  @Test
  void theDockerfileSetsOnlyRealIsthmusKeysWithValuesThatBind() {
    Map<String, String> env = dockerfileEnvironment(read("docker/Dockerfile"));

    assertThat(env).containsKeys("ISTHMUS_DATA_DIR", "ISTHMUS_DNS_LISTEN");
    assertThat(unboundKeys(env, Map.of())).isEmpty();
  }

  @Test
  void everyComposeServiceSetsOnlyRealIsthmusKeysWithValuesThatBind() {
    Map<String, String> image = dockerfileEnvironment(read("docker/Dockerfile"));
    Map<String, Service> services = services(read("docker/compose.yaml"));

    assertThat(services).isNotEmpty();
    services.forEach(
        (name, service) -> {
          // What the container sees: the image's variables, overridden by the service's.
          Map<String, String> env = new LinkedHashMap<>(service.isthmus() ? image : Map.of());
          env.putAll(service.environment());
          assertThat(unboundKeys(env, service.arguments())).as(name).isEmpty();
        });
  }

  @Test
  void composeIsTheSeedArchitectureInMiniature() {
    Map<String, Service> services = services(read("docker/compose.yaml"));
    Map<String, Service> nodes = new TreeMap<>();
    services.forEach(
        (name, service) -> {
          if (service.isthmus()) {
            nodes.put(name, service);
          }
        });

    assertThat(services.get("postgres").image()).startsWith("postgres:");
    assertThat(services.get("onprem").image()).contains("bind9");
    assertThat(nodes.values())
        .extracting(service -> service.environment().get("ISTHMUS_REGIONS"))
        .containsExactlyInAnyOrder("us-east-1", "us-east-1", "us-west-2");
    assertThat(nodes.values())
        .extracting(service -> service.environment().get("ISTHMUS_NODE_ID"))
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    // The nodes reach PostgreSQL where it listens (its own loopback address on the host network).
    Map<String, String> postgres = new TreeMap<>();
    for (String word : services.get("postgres").command()) {
      String[] setting = word.split("=", 2);
      if (setting.length == 2) {
        postgres.put(setting[0], setting[1]);
      }
    }
    assertThat(nodes.values())
        .allSatisfy(
            node ->
                assertThat(node.environment().get("ISTHMUS_STORE_URL"))
                    .startsWith(
                        "jdbc:postgresql://"
                            + postgres.get("listen_addresses")
                            + ":"
                            + postgres.get("port")
                            + "/"));
    // Each node its own data dir (the image's ISTHMUS_DATA_DIR): its own snapshot file and token.
    String dataDir = dockerfileEnvironment(read("docker/Dockerfile")).get("ISTHMUS_DATA_DIR");
    List<String> dataVolumes = new ArrayList<>();
    nodes.values().forEach(node -> dataVolumes.addAll(node.volumesAt(dataDir)));
    assertThat(dataVolumes).hasSize(nodes.size()).doesNotHaveDuplicates();
  }

  @Test
  void everyContainerSharesTheHostsNetworkAndListensOnItsOwnLoopbackAddress() {
    Map<String, Service> services = services(read("docker/compose.yaml"));
    List<String> nodeAddresses = new ArrayList<>();

    services.forEach(
        (name, service) -> {
          assertThat(service.networkMode()).as(name).isEqualTo("host");
          if (service.isthmus()) {
            String listen = service.environment().get("ISTHMUS_DNS_LISTEN");
            String admin = service.environment().get("SERVER_ADDRESS");
            assertThat(listen).as(name).startsWith("127.").startsWith(admin + ":");
            nodeAddresses.add(admin);
          }
        });
    assertThat(nodeAddresses).hasSize(3).doesNotHaveDuplicates();
    assertThat(services.get("postgres").command()).contains("listen_addresses=127.78.0.10");
  }

  @Test
  void theImageChecksReadinessAndRunsJavaAsItsFirstProcess() {
    String dockerfile = read("docker/Dockerfile");

    assertThat(instruction(dockerfile, "HEALTHCHECK")).contains("/opt/isthmus/healthcheck.sh");
    assertThat(read("docker/healthcheck.sh")).contains("/actuator/health/readiness");
    // Exec form: java gets the stop signal itself, no shell in between.
    assertThat(instruction(dockerfile, "ENTRYPOINT")).startsWith("ENTRYPOINT [\"java\"");
    assertThat(instruction(dockerfile, "USER")).isEqualTo("USER isthmus");
  }

  @Test
  void theImageBoundsTheJvmsMemoryAndExitsOnOutOfMemory() {
    String entrypoint = instruction(read("docker/Dockerfile"), "ENTRYPOINT");

    assertThat(entrypoint).containsAnyOf("-XX:MaxRAMPercentage=", "-Xmx");
    assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void aMisspeltOrRemovedKeyIsRefusedByName() {
    Map<String, Service> services =
        services(
            """
            services:
              node:
                environment:
                  ISTHMUS_REGION: us-east-1
                  ISTHMUS_DNS_RRL_RESPONSEPERSECOND: "10"
                  ISTHMUS_NODE_ID: fine
                command: ["--isthmus.dns.lisen=127.0.0.1:53", "--isthmus.demo=true"]
            """);
    Service node = services.get("node");

    assertThat(unboundKeys(node.environment(), node.arguments()))
        .containsExactlyInAnyOrder(
            "isthmus.region", "isthmus.dns.rrl.responsepersecond", "isthmus.dns.lisen");
  }

  @Test
  void relaxedBindingFormsOfRealKeysAreAccepted() {
    Map<String, Service> services =
        services(
            """
            services:
              node:
                environment:
                  - ISTHMUS_DNS_LISTEN_0=127.0.0.1:53
                  - ISTHMUS_DNS_RRL_RESPONSESPERSECOND=10
                  - ISTHMUS_ADMIN_RATELIMIT_OPERATORBURST=5
                command: --isthmus.dns.tcp.idle-timeout=5s --isthmus.query-log.keep-files=1
            """);
    Service node = services.get("node");

    assertThat(node.environment()).hasSize(3);
    assertThat(node.arguments()).hasSize(2);
    assertThat(unboundKeys(node.environment(), node.arguments())).isEmpty();
  }

  @Test
  void aKeyThatNamesAGroupRatherThanAPropertyFailsToBind() {
    assertThatThrownBy(() -> unboundKeys(Map.of("ISTHMUS_DNS_RRL", "on"), Map.of()))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("isthmus.dns.rrl");
  }

  @Test
  void theOlderUnderscoreFormOfADashedKeyCountsAsTaken() {
    assertThat(
            unboundKeys(
                Map.of("ISTHMUS_DATA_DIR", "/d", "ISTHMUS_NODEID", "n", "ISTHMUS_DATA_DIRS", "/e"),
                Map.of()))
        .containsExactly("isthmus.data.dirs");
  }

  @Test
  void aValueThatDoesNotBindFailsWithItsKey() {
    assertThatThrownBy(() -> unboundKeys(Map.of("ISTHMUS_DNS_TCP_MAXCONNECTIONS", "0"), Map.of()))
        .isInstanceOf(BindException.class)
        .hasStackTraceContaining("isthmus.dns.tcp.max-connections must be positive");
  }

  @Test
  void dockerfileEnvInstructionsAreReadAcrossContinuationLinesAndCommentsIgnored() {
    String dockerfile =
        """
        # ENV ISTHMUS_IN_A_COMMENT=1
        FROM scratch
        ENV ISTHMUS_DEMO=true \\
            SERVER_PORT=9 \\
            ISTHMUS_NODE_ID=x
        RUN echo ISTHMUS_NOT_AN_ENV=1
        env ISTHMUS_REGIONS=us-east-1
        """;

    assertThat(dockerfileEnvironment(dockerfile))
        .containsExactly(
            Map.entry("ISTHMUS_DEMO", "true"),
            Map.entry("ISTHMUS_NODE_ID", "x"),
            Map.entry("ISTHMUS_REGIONS", "us-east-1"));
  }

  /**
   * Binds the variables and arguments to {@link IsthmusProperties} as Spring Boot does at start,
   * and returns the {@code ISTHMUS_*} variables and {@code isthmus.*} arguments no property took
   * (lower case, as Spring Boot names them), which Spring Boot would silently ignore. A key counts
   * as taken when the binder read its value, in whichever form Spring Boot accepts it (for example
   * both {@code ISTHMUS_DATADIR} and the older {@code ISTHMUS_DATA_DIR}). A value that does not
   * bind throws, as it stops a start.
   */
  private static List<String> unboundKeys(Map<String, String> env, Map<String, String> arguments) {
    List<org.springframework.core.env.PropertySource<?>> sources = new ArrayList<>();
    sources.add(new MapPropertySource("arguments", new LinkedHashMap<>(arguments)));
    sources.add(
        // Spring Boot maps NAME_LIKE_THIS to keys only for a source of this name.
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env)));
    Set<String> taken = new HashSet<>();
    new Binder(ConfigurationPropertySources.from(sources))
        .bind("isthmus", Bindable.of(IsthmusProperties.class), new KeysTaken(taken));
    List<String> unbound = new ArrayList<>();
    env.keySet().stream()
        .filter(name -> name.startsWith("ISTHMUS_") && !taken.contains(name))
        .forEach(name -> unbound.add(name.toLowerCase(Locale.ROOT).replace('_', '.')));
    arguments.keySet().stream().filter(name -> !taken.contains(name)).forEach(unbound::add);
    return unbound.stream().sorted().toList();
  }

  /** Records the source key (variable or argument name) of every value the binder read. */
  private static final class KeysTaken extends AbstractBindHandler {
    private final Set<String> taken;

    KeysTaken(Set<String> taken) {
      this.taken = taken;
    }

    @Override
    public Object onSuccess(
        ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
      ConfigurationProperty property = context.getConfigurationProperty();
      if (property != null && property.getOrigin() instanceof PropertySourceOrigin origin) {
        taken.add(origin.getPropertyName());
      }
      return super.onSuccess(name, target, context, result);
    }
  }

  /** The {@code ISTHMUS_*} variables of the Dockerfile's ENV instructions, in order. */
  static Map<String, String> dockerfileEnvironment(String dockerfile) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String instruction : instructions(dockerfile)) {
      if (instruction.regionMatches(true, 0, "ENV ", 0, 4)) {
        Matcher pair = ENV_PAIR.matcher(instruction);
        while (pair.find()) {
          env.put(pair.group(1), pair.group(2));
        }
      }
    }
    return env;
  }

  private static String instruction(String dockerfile, String keyword) {
    return instructions(dockerfile).stream()
        .filter(line -> line.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new AssertionError("no " + keyword + " in the Dockerfile"));
  }

  /** The Dockerfile's instructions, continuation lines joined, comment lines dropped. */
  private static List<String> instructions(String dockerfile) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        instructions.add(current.toString().strip());
        current.setLength(0);
      }
    }
    return instructions;
  }

  /** One compose service: what the test needs of it. */
  record Service(
      String image,
      boolean isthmus,
      Map<String, String> environment,
      Map<String, String> arguments,
      List<String> volumes,
      String networkMode,
      List<String> command) {

    /** The named volumes or host paths mounted at {@code target}. */
    List<String> volumesAt(String target) {
      return volumes.stream()
          .filter(volume -> volume.split(":").length > 1 && volume.split(":")[1].equals(target))
          .map(volume -> volume.split(":")[0])
          .toList();
    }
  }

  /** The services of a compose file, with YAML anchors and merge keys resolved. */
  static Map<String, Service> services(String compose) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(compose);
    Map<String, Service> services = new TreeMap<>();
    mapping(mapping(document).get("services"))
        .forEach(
            (name, definition) -> {
              Map<?, ?> service = mapping(definition);
              services.put(
                  String.valueOf(name),
                  new Service(
                      String.valueOf(service.get("image")),
                      service.get("build") instanceof Map<?, ?> build
                          && String.valueOf(build.get("dockerfile")).equals("docker/Dockerfile"),
                      environment(service.get("environment")),
                      arguments(service.get("command")),
                      service.get("volumes") instanceof List<?> volumes
                          ? volumes.stream().map(String::valueOf).toList()
                          : List.of(),
                      String.valueOf(service.get("network_mode")),
                      service.get("command") instanceof List<?> command
                          ? command.stream().map(String::valueOf).toList()
                          : List.of()));
            });
    return services;
  }

  /** Compose's environment, a mapping or a list of {@code NAME=value}. */
  private static Map<String, String> environment(Object environment) {
    Map<String, String> env = new LinkedHashMap<>();
    if (environment instanceof List<?> list) {
      for (Object entry : list) {
        String[] pair = String.valueOf(entry).split("=", 2);
        env.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    } else if (environment != null) {
      mapping(environment).forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
    }
    return env;
  }

  /** The {@code --isthmus.key=value} arguments of a command, a list or one string. */
  private static Map<String, String> arguments(Object command) {
    String words =
        command instanceof List<?> list
            ? String.join(" ", list.stream().map(String::valueOf).toList())
            : command == null ? "" : String.valueOf(command);
    Map<String, String> arguments = new LinkedHashMap<>();
    Matcher argument = ISTHMUS_ARGUMENT.matcher(words);
    while (argument.find()) {
      arguments.put(argument.group(1), argument.group(2));
    }
    return arguments;
  }

  private static Map<?, ?> mapping(Object node) {
    if (node instanceof Map<?, ?> map) {
      return map;
    }
    throw new AssertionError("expected a YAML mapping: " + node);
  }

  /** A file of the repository, found from the module directory the tests run in. */
  private static String read(String path) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(path))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new AssertionError(path + " not found above " + Path.of("").toAbsolutePath());
    }
    try {
      return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + path, e);
    }
  }
}
