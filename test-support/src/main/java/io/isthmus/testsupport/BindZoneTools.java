package io.isthmus.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * BIND's zone file tools ({@code named-checkzone}, {@code named-compilezone}, Debian package bind9)
 * as oracles of the master file format: whether BIND accepts a file, and a file as BIND writes it.
 * Tests that need them are skipped where they are not installed. Stateless.
 */
public final class BindZoneTools {
  private static final long TIMEOUT_SECONDS = 30;

  private BindZoneTools() {}

  /** The exit code and the standard output and error of one run. Immutable. */
  public record Run(int exitCode, String output, String errors) {}

  /** Skips the calling test when named-checkzone is not installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        installed(),
        "named-checkzone (Debian package bind9) is not installed: apt-get install bind9");
  }

  /** Whether named-checkzone and named-compilezone run here. */
  public static boolean installed() {
    try {
      return run(List.of("named-checkzone", "-v")).exitCode() == 0
          && run(List.of("named-compilezone", "-v")).exitCode() == 0;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** {@code named-checkzone zone file}: exit code 0 when BIND would load the zone. */
  public static Run checkzone(String zone, Path file) {
    return run(List.of("named-checkzone", zone, file.toString()));
  }

  /**
   * The zone as BIND writes it: {@code named-compilezone -o -} of {@code file} (full names, one
   * record a line, the text format named writes its zones in). Names that are not host names (an
   * escaped space, {@code _sip}) are only warned about, as {@code named-checkzone} does by default.
   *
   * @throws IllegalStateException if BIND refuses the file
   */
  public static String compilezone(String zone, Path file) {
    Run run = run(List.of("named-compilezone", "-k", "warn", "-o", "-", zone, file.toString()));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("named-compilezone failed: " + run.errors() + run.output());
    }
    return run.output();
  }

  private static Run run(List<String> command) {
    try {
      Path output = Files.createTempFile("bind-zone-tool", ".out");
      Path errors = Files.createTempFile("bind-zone-tool", ".err");
      try {
        Process process =
            new ProcessBuilder(new ArrayList<>(command))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Run(
            process.exitValue(),
            Files.readString(output, StandardCharsets.UTF_8),
            Files.readString(errors, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
