package io.isthmus.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code named}, Debian package bind9) as the on-premises DNS server of the
 * end-to-end tests: authoritative for {@code customer.local} (resources {@code
 * onprem/customer.local.zone} and {@code onprem/named.conf.template}) on 127.0.0.1 with its own
 * port, answering only the sources in {@code allow-query}.
 *
 * <p>named runs in the foreground as a child process, as the current user, without {@code -u}: as
 * root (CI) it stays root but drops most capabilities, so the work directory must belong to root (a
 * JUnit {@code @TempDir} does). Its output goes to {@code named.log} in the work directory.
 *
 * <p>The binary is {@code named} on the PATH, else /usr/sbin/named or /usr/local/sbin/named (sbin
 * is often not on a normal user's PATH); the system property {@code isthmus.named} overrides it.
 *
 * <p>Another {@link NamedLauncher} runs the same configuration elsewhere (a BIND container): the
 * configuration, the readiness check, the log and the stop stay those of this class.
 */
public final class NamedServer implements AutoCloseable {

  public static final String ZONE = "customer.local";
  private static final String LISTEN_ADDRESS = "127.0.0.1";
  private static final Duration READY_DEADLINE = Duration.ofSeconds(15);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
  private static final long POLL_INTERVAL_MILLIS = 50;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int LOG_TAIL_LINES = 40;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  // An address match list element: address, prefix, negation, or a built-in ACL name.
  private static final Pattern ACL_ELEMENT = Pattern.compile("!?[0-9A-Za-z.:/_-]+");

  /**
   * named as a child process of this JVM, the binary found on this machine ({@link #available});
   * the launcher of {@link #start(Path, int, List)}.
   */
  public static final NamedLauncher LOCAL = NamedServer::launchLocal;

  private final NamedProcess process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;
  private boolean closed;

  private NamedServer(NamedProcess process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    // A test that forgets close() must not leave named running after the JVM exits.
    this.shutdownHook = new Thread(process::kill, "named-" + port + "-reaper");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Whether a working {@code named} binary is installed ({@code named -v} prints BIND 9). */
  public static boolean available() {
    return binary().isPresent();
  }

  /** Like {@link #start}, but aborts (skips) the calling test when named is not installed. */
  public static NamedServer startOrSkip(Path workDir, int port, List<String> allowQuerySources) {
    if (!available()) {
      Assumptions.abort(
          "named (Debian package bind9) is not installed: apt-get install bind9"
              + " (or point -Disthmus.named at the binary)");
    }
    return start(workDir, port, allowQuerySources);
  }

  /**
   * Like {@link #startOrSkip(Path, int, List)}, with zones BIND forwards (forward only, with
   * recursion for the allowed sources): an on-premises server that sends the names of a private
   * zone to an inbound endpoint.
   *
   * @param forwardZones zone name → the servers it is forwarded to
   */
  public static NamedServer startOrSkip(
      Path workDir,
      int port,
      List<String> allowQuerySources,
      Map<String, List<InetSocketAddress>> forwardZones) {
    if (!available()) {
      Assumptions.abort(
          "named (Debian package bind9) is not installed: apt-get install bind9"
              + " (or point -Disthmus.named at the binary)");
    }
    return start(LOCAL, workDir, port, allowQuerySources, forwardZones);
  }

  /**
   * Writes named.conf and the customer.local zone into {@code workDir}, starts named on
   * 127.0.0.1:{@code port} (UDP and TCP) and returns once it answers an SOA query for
   * customer.local sent from the first allowed source that is an IPv4 address (or 127.0.0.1 for
   * {@code any}/{@code localhost}), within 15 s.
   *
   * @param allowQuerySources the {@code allow-query} elements, e.g. the outbound endpoint addresses
   *     "127.0.50.1", "127.0.50.2"
   * @throws IllegalStateException if named does not start or answer in time; the message has the
   *     tail of its log
   */
  public static NamedServer start(Path workDir, int port, List<String> allowQuerySources) {
    return start(LOCAL, workDir, port, allowQuerySources);
  }

  /**
   * Like {@link #start(Path, int, List)}, with named run by {@code launcher}: the same files in
   * {@code workDir}, the same readiness check, log and stop.
   */
  public static NamedServer start(
      NamedLauncher launcher, Path workDir, int port, List<String> allowQuerySources) {
    return start(launcher, workDir, port, allowQuerySources, Map.of());
  }

  private static NamedServer start(
      NamedLauncher launcher,
      Path workDir,
      int port,
      List<String> allowQuerySources,
      Map<String, List<InetSocketAddress>> forwardZones) {
    Path dir = workDir.toAbsolutePath().normalize();
    String directory = dir.toString();
    if (directory.contains("\"") || directory.contains("\\") || directory.contains("\n")) {
      throw new IllegalArgumentException("work directory unusable in named.conf: " + directory);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
    InetAddress pollSource = pollSource(allowQuerySources);
    StringBuilder acl = new StringBuilder();
    for (String source : allowQuerySources) {
      if (!ACL_ELEMENT.matcher(source).matches()) {
        throw new IllegalArgumentException("not an allow-query element: " + source);
      }
      acl.append(source).append("; ");
    }
    Path conf = dir.resolve("named.conf");
    Path log = dir.resolve("named.log");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          conf,
          resource("named.conf.template")
              .replace("${directory}", directory)
              .replace("${port}", Integer.toString(port))
              .replace("${allowQuery}", acl.toString())
              .replace("${recursion}", forwardZones.isEmpty() ? "no" : "yes")
              .replace("${forwardZones}", forwardZones(forwardZones)),
          StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("customer.local.zone"), resource("customer.local.zone"));
      // Each start logs afresh: the launcher appends.
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the named configuration in " + dir, e);
    }

    NamedProcess process;
    try {
      process = launcher.launch(conf, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start named on " + conf, e);
    }
    NamedServer server = new NamedServer(process, port, log);
    try {
      server.awaitReady(pollSource);
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /** {@code zone "NAME" { type forward; forward only; forwarders { IP port P; … }; };} each. */
  private static String forwardZones(Map<String, List<InetSocketAddress>> zones) {
    StringBuilder conf = new StringBuilder();
    for (Map.Entry<String, List<InetSocketAddress>> zone : new TreeMap<>(zones).entrySet()) {
      if (!ACL_ELEMENT.matcher(zone.getKey()).matches()) {
        throw new IllegalArgumentException("not a zone name: " + zone.getKey());
      }
      conf.append("zone \"")
          .append(zone.getKey())
          .append("\" {\n  type forward;\n  forward only;\n  forwarders { ");
      for (InetSocketAddress server : zone.getValue()) {
        conf.append(server.getAddress().getHostAddress())
            .append(" port ")
            .append(server.getPort())
            .append("; ");
      }
      conf.append("};\n};\n");
    }
    return conf.toString();
  }

  /** A port that is free on 127.0.0.1 for both UDP and TCP (at the time of the call). */
  public static int freePort() {
    InetAddress loopback = loopback();
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
        int candidate = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, candidate))) {
          return candidate;
        } catch (IOException udpTaken) {
          // taken for UDP: try another
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot probe for a free port", e);
      }
    }
    throw new IllegalStateException("no port free for both UDP and TCP on 127.0.0.1");
  }

  public int port() {
    return port;
  }

  /** The last lines of named's output (stdout and stderr). */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops named: SIGTERM, a grace period, then SIGKILL. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.stop(STOP_GRACE);
    } catch (InterruptedException e) {
      process.kill();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs anyway
    }
  }

  @Override
  public String toString() {
    return "named on " + LISTEN_ADDRESS + "#" + port + " (" + process.description() + ")";
  }

  private static NamedProcess launchLocal(Path conf, Path log) throws IOException {
    Path named =
        binary()
            .orElseThrow(
                () -> new IllegalStateException("named (Debian package bind9) is not installed"));
    Path dir = conf.getParent();
    if (dir == null) {
      throw new IllegalArgumentException("named.conf outside a directory: " + conf);
    }
    return new ChildProcess(
        new ProcessBuilder(named.toString(), "-g", "-c", conf.toString(), "-n", "1")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start());
  }

  /** named as a child process of this JVM. */
  private static final class ChildProcess implements NamedProcess {
    private final Process process;

    ChildProcess(Process process) {
      this.process = process;
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public int exitValue() {
      return process.exitValue();
    }

    @Override
    public void stop(Duration grace) throws InterruptedException {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void kill() {
      process.destroyForcibly();
    }

    @Override
    public String description() {
      return "pid " + process.pid();
    }
  }

  private void awaitReady(InetAddress source) {
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    String last = "no answer";
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "named exited with status " + process.exitValue() + " before answering:\n" + logTail());
      }
      try {
        Message answer = querySoa(source);
        if (answer.getRcode() == Rcode.NOERROR
            && answer.getHeader().getFlag(Flags.AA)
            && answer.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == Type.SOA)) {
          return;
        }
        last = "answer " + Rcode.string(answer.getRcode());
      } catch (IOException e) {
        last = e.toString();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "named did not answer an SOA query for "
                + ZONE
                + " from "
                + source.getHostAddress()
                + " on "
                + LISTEN_ADDRESS
                + "#"
                + port
                + " within "
                + READY_DEADLINE.toSeconds()
                + " s (last: "
                + last
                + "); log tail:\n"
                + logTail());
      }
      try {
        Thread.sleep(POLL_INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for named", e);
      }
    }
  }

  private Message querySoa(InetAddress source) throws IOException {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(loopback(), port));
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTimeout(POLL_TIMEOUT);
    return resolver.send(
        Message.newQuery(
            Record.newRecord(Name.fromConstantString(ZONE + "."), Type.SOA, DClass.IN)));
  }

  /** The poll must come from an allowed source, or named (rightly) refuses it. */
  private static InetAddress pollSource(List<String> allowQuerySources) {
    for (String source : allowQuerySources) {
      if (IPV4.matcher(source).matches()) {
        return literal(source);
      }
      if (source.equals("any") || source.equals("localhost") || source.equals(LISTEN_ADDRESS)) {
        return loopback();
      }
    }
    throw new IllegalArgumentException(
        "allow-query needs an IPv4 address (or any/localhost) to poll readiness from: "
            + allowQuerySources);
  }

  private static Optional<Path> binary() {
    return Binary.LOCATED;
  }

  /** Looked for once, on first use (the JVM's lazy class initialization). */
  private static final class Binary {
    static final Optional<Path> LOCATED = locateBinary();
  }

  private static Optional<Path> locateBinary() {
    List<Path> candidates = new ArrayList<>();
    String override = System.getProperty("isthmus.named");
    if (override != null && !override.isBlank()) {
      candidates.add(Path.of(override));
    } else {
      String path = System.getenv("PATH");
      if (path != null) {
        for (String entry : path.split(java.io.File.pathSeparator)) {
          if (!entry.isEmpty()) {
            candidates.add(Path.of(entry, "named"));
          }
        }
      }
      candidates.add(Path.of("/usr/sbin/named"));
      candidates.add(Path.of("/usr/local/sbin/named"));
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && isBind9(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean isBind9(Path candidate) {
    try {
      Process version =
          new ProcessBuilder(candidate.toString(), "-v").redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = version.getInputStream()) {
        out = in.readNBytes(4096);
      }
      if (!version.waitFor(5, TimeUnit.SECONDS)) {
        version.destroyForcibly();
        return false;
      }
      return version.exitValue() == 0
          && new String(out, StandardCharsets.ISO_8859_1).startsWith("BIND 9");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = NamedServer.class.getResourceAsStream("/onprem/" + name)) {
      if (in == null) {
        throw new IOException("test resource onprem/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InetAddress loopback() {
    return literal(LISTEN_ADDRESS);
  }

  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address); // a literal: no lookup
    } catch (IOException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}
