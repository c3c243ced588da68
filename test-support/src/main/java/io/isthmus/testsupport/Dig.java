package io.isthmus.testsupport;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs the real {@code dig} binary and reads what an operator would read from its output.
 * Immutable.
 */
public final class Dig {
  private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
  private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

  /** dig's whole output (stdout and stderr). */
  public final String output;

  private Dig(String output) {
    this.output = output;
  }

  public static void assumeInstalled() {
    boolean found;
    try {
      found = new ProcessBuilder("dig", "-v").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      found = false;
    }
    assumeThat(found).as("the dig binary (Debian package bind9-dnsutils) is needed").isTrue();
  }

  /** dig @127.0.0.1 -p PORT -b SOURCE ARGS... with a short timeout and no retries. */
  public static Dig query(int port, @Nullable String source, String... args) throws Exception {
    return queryAt("127.0.0.1", port, source, args);
  }

  /** dig @SERVER -p PORT -b SOURCE ARGS... with a short timeout and no retries. */
  public static Dig queryAt(String server, int port, @Nullable String source, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of("dig", "@" + server, "-p", String.valueOf(port)));
    if (source != null) {
      command.add("-b");
      command.add(source);
    }
    command.addAll(List.of("+time=2", "+tries=1"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("dig did not finish: " + command);
    }
    return new Dig(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  public String status() {
    Matcher m = STATUS.matcher(output);
    return m.find() ? m.group(1) : "NO-RESPONSE:\n" + output;
  }

  public List<String> flags() {
    Matcher m = FLAGS.matcher(output);
    return m.find() ? List.of(m.group(1).trim().split(" ")) : List.of();
  }

  /** Records of one section as "name TTL class type rdata" lines with whitespace folded. */
  public List<String> section(String name) {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : output.split("\n")) {
      if (line.startsWith(";; " + name + " SECTION:")) {
        inside = true;
      } else if (inside && (line.isBlank() || line.startsWith(";;"))) {
        inside = false;
      } else if (inside) {
        lines.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return lines;
  }

  /** The rdata (last field) of answer records of {@code type}. */
  public List<String> answers(String type) {
    return section("ANSWER").stream()
        .map(l -> l.split(" ", 5))
        .filter(f -> f.length == 5 && f[3].equals(type))
        .map(f -> f[4])
        .toList();
  }

  @Override
  public String toString() {
    return output;
  }
}
