package io.isthmus.server.lastsnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.ConfigData;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.StoredHealthStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastSnapshotFileTest {
  @TempDir Path dir;

  private LastSnapshotFile file() {
    return LastSnapshotFile.in(dir);
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    LastSnapshot written =
        new LastSnapshot(RichConfigurations.everyField(), RichConfigurations.tokens());
    file().write(written);

    assertThat(file().read()).contains(written);
  }

  @Test
  void healthStatusesSurviveTheRoundTrip() {
    LastSnapshot written =
        new LastSnapshot(
            RichConfigurations.everyField(), RichConfigurations.tokens(), healthStatuses());
    file().write(written);

    assertThat(file().read()).contains(written);
    assertThat(file().read().orElseThrow().healthStatuses()).hasSize(2);
  }

  @Test
  void aFormatOneFileWrittenBeforeStatusesWereKeptLoadsWithoutThem() {
    LastSnapshot old =
        new LastSnapshot(RichConfigurations.everyField(), RichConfigurations.tokens());
    String body = new String(LastSnapshotJson.write(old), StandardCharsets.UTF_8);
    assertThat(body).contains(",\"healthStatuses\":[]");
    byte[] formatOne = body.replace(",\"healthStatuses\":[]", "").getBytes(StandardCharsets.UTF_8);

    assertThat(LastSnapshotFile.parse(withHeader("1", formatOne))).isEqualTo(old);
    assertThat(LastSnapshotFile.parse(withHeader("1", formatOne)).healthStatuses()).isEmpty();
  }

  @Test
  void theDemoConfigurationSurvivesTheRoundTrip() {
    ConfigData demo = RichConfigurations.demo(dir.resolve("db"));
    assertThat(demo.zones()).isNotEmpty();
    LastSnapshot written = new LastSnapshot(demo, RichConfigurations.tokens());
    file().write(written);

    assertThat(file().read()).contains(written);
  }

  /**
   * The round trip proves nothing about a field the fixture leaves empty: every component of every
   * record reachable from ConfigData, and every routing policy variant, is set somewhere in it. A
   * field added to the model fails here until the fixture (and so the round trip) covers it.
   */
  @Test
  void theFixtureSetsEveryFieldOfTheModel() {
    Set<String> declared = new TreeSet<>();
    collectComponents(ConfigData.class, declared, new HashSet<>());
    Set<String> set = new TreeSet<>();
    collectSetValues(RichConfigurations.everyField(), set);

    assertThat(set).containsAll(declared);
    assertThat(set)
        .contains(
            RoutingPolicy.Simple.class.getName(),
            RoutingPolicy.Failover.class.getName(),
            RoutingPolicy.Weighted.class.getName(),
            RoutingPolicy.MultiValue.class.getName());
  }

  @Test
  void aVpcWrittenBeforeResolverAddressesExistedReadsWithNone() {
    String now =
        new String(
            LastSnapshotJson.write(new LastSnapshot(RichConfigurations.everyField(), Map.of())),
            StandardCharsets.UTF_8);
    String before = now.replaceFirst(",\"resolverAddresses\":\\[[^\\]]*\\]", "");
    assertThat(before).isNotEqualTo(now).doesNotContain("resolverAddresses");

    LastSnapshot read = LastSnapshotJson.read(before.getBytes(StandardCharsets.UTF_8));

    assertThat(read.config().vpcs().get(0).resolverAddresses()).isEmpty();
    assertThat(read.config().vpcs().get(0).cidrs())
        .isEqualTo(RichConfigurations.everyField().vpcs().get(0).cidrs());
  }

  @Test
  void aLaterWriteReplacesTheFile() {
    file().write(new LastSnapshot(RichConfigurations.everyField(), Map.of()));
    LastSnapshot later = new LastSnapshot(ConfigData.ofZones(43, List.of(), List.of()), Map.of());
    file().write(later);

    assertThat(file().read()).contains(later);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void noFileIsNoSnapshot() {
    assertThat(file().read()).isEmpty();
  }

  @Test
  void aTemporaryFileLeftByAKilledWriterIsNeverReadAndTheNextWriteRemovesIt() throws IOException {
    LastSnapshot old = new LastSnapshot(RichConfigurations.everyField(), Map.of());
    file().write(old);
    Path leftover = dir.resolve(LastSnapshotFile.NAME + ".12345.tmp");
    Files.write(
        leftover, "isthmus-last-snapshot 1 999 ab\n{\"config\":".getBytes(StandardCharsets.UTF_8));

    assertThat(file().read()).contains(old);
    // A read may run while the keeper writes: it leaves temporary files alone.
    assertThat(leftover).exists();
    file().write(old);
    assertThat(leftover).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aTruncatedFileIsIgnored() throws IOException {
    file().write(new LastSnapshot(RichConfigurations.everyField(), Map.of()));
    byte[] whole = Files.readAllBytes(file().path());
    Files.write(file().path(), Arrays.copyOf(whole, whole.length - 1));

    assertThat(file().read()).isEmpty();
  }

  @Test
  void aFileCutInItsHeaderIsIgnored() throws IOException {
    Files.write(file().path(), "isthmus-last-snapshot 1 12".getBytes(StandardCharsets.US_ASCII));

    assertThat(file().read()).isEmpty();
  }

  @Test
  void aCorruptByteIsIgnored() throws IOException {
    file().write(new LastSnapshot(RichConfigurations.everyField(), Map.of()));
    byte[] content = Files.readAllBytes(file().path());
    int inBody = content.length - 10;
    content[inBody] = (byte) (content[inBody] ^ 1);
    Files.write(file().path(), content);

    assertThat(file().read()).isEmpty();
  }

  @Test
  void anUnknownFormatIsIgnored() throws IOException {
    rewriteHeader(0, "3");

    assertThat(file().read()).isEmpty();
  }

  @Test
  void anotherKindOfFileIsIgnored() throws IOException {
    rewriteHeader(-1, "other-magic");

    assertThat(file().read()).isEmpty();
  }

  @Test
  void aBadLengthIsIgnored() throws IOException {
    rewriteHeader(1, "many");

    assertThat(file().read()).isEmpty();
  }

  @Test
  void aWholeFileWithAnUnknownFieldIsIgnored() {
    byte[] body =
        "{\"config\":null,\"accountsByTokenHash\":{},\"extra\":1}".getBytes(StandardCharsets.UTF_8);

    assertThat(LastSnapshotFileTest.parses(withHeader(body))).isFalse();
  }

  @Test
  void aWholeValidFileParses() {
    byte[] body =
        LastSnapshotJson.write(new LastSnapshot(RichConfigurations.everyField(), Map.of()));

    assertThat(LastSnapshotFileTest.parses(withHeader(body))).isTrue();
  }

  @Test
  void contentWithoutANewlineHasNoHeader() {
    assertThatThrownBy(
            () ->
                LastSnapshotFile.parse(
                    "isthmus-last-snapshot 2 0 ab".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no header line");
  }

  @Test
  void anEmptyFirstLineIsNotALastSnapshotHeader() {
    assertThatThrownBy(() -> LastSnapshotFile.parse("\n{}".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a last-snapshot file");
  }

  @Test
  void aWriteThatCannotReplaceTheFileLeavesNoTemporaryFile() throws IOException {
    Files.createDirectories(file().path().resolve("in-the-way"));

    assertThatThrownBy(
            () ->
                file()
                    .write(new LastSnapshot(ConfigData.ofZones(1, List.of(), List.of()), Map.of())))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(leftovers()).isEmpty();
  }

  private static boolean parses(byte[] content) {
    try {
      LastSnapshotFile.parse(content);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] withHeader(byte[] body) {
    return withHeader(Integer.toString(LastSnapshotFile.FORMAT), body);
  }

  private static byte[] withHeader(String format, byte[] body) {
    try {
      String sha =
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
      byte[] header =
          (LastSnapshotFile.MAGIC + " " + format + " " + body.length + " " + sha + "\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] content = Arrays.copyOf(header, header.length + body.length);
      System.arraycopy(body, 0, content, header.length, body.length);
      return content;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replaces header field {@code index} (-1 = the magic, 0 = the format, 1 = the length). */
  private void rewriteHeader(int index, String value) throws IOException {
    file().write(new LastSnapshot(RichConfigurations.everyField(), Map.of()));
    String content = Files.readString(file().path(), StandardCharsets.UTF_8);
    int newline = content.indexOf('\n');
    String[] header = content.substring(0, newline).split(" ");
    header[index + 1] = value;
    Files.writeString(
        file().path(),
        String.join(" ", header) + content.substring(newline),
        StandardCharsets.UTF_8);
  }

  /** A METRIC check in ALARM with its history, and a TCP check (no alarm state), healthy. */
  private static List<StoredHealthStatus> healthStatuses() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t1 = Instant.parse("2026-01-01T00:05:10.123Z");
    return List.of(
        new StoredHealthStatus(
            "hc-metric",
            false,
            "ALARM",
            t1,
            "2 of the last 3 periods below 1",
            List.of(
                new StoredHealthStatus.Transition(t0, true, "started"),
                new StoredHealthStatus.Transition(t1, false, "2 of the last 3 periods below 1")),
            "node-a",
            t1.plusSeconds(1)),
        new StoredHealthStatus("hc-tcp", true, null, t0, "connected", List.of(), "node-b", t0));
  }

  private List<Path> leftovers() {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collectComponents(Type type, Set<String> out, Set<Type> seen) {
    if (!seen.add(type)) {
      return;
    }
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        collectComponents(argument, out, seen);
      }
      return;
    }
    if (type instanceof Class<?> cls && cls.isRecord()) {
      for (RecordComponent component : cls.getRecordComponents()) {
        out.add(cls.getName() + "." + component.getName());
        collectComponents(component.getGenericType(), out, seen);
      }
    }
  }

  /** Adds "Record.component" for each component that is not null, empty, zero or false. */
  private static void collectSetValues(Object value, Set<String> out) {
    if (value instanceof Collection<?> items) {
      items.forEach(item -> collectSetValues(item, out));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(item -> collectSetValues(item, out));
    } else if (value != null && value.getClass().isRecord()) {
      out.add(value.getClass().getName());
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        Object field;
        try {
          field = component.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        if (isSet(field)) {
          out.add(value.getClass().getName() + "." + component.getName());
        }
        collectSetValues(field, out);
      }
    }
  }

  private static boolean isSet(Object field) {
    return field != null
        && !Boolean.FALSE.equals(field)
        && !(field instanceof Number number && number.doubleValue() == 0)
        && !(field instanceof Collection<?> items && items.isEmpty())
        && !(field instanceof Map<?, ?> map && map.isEmpty());
  }
}
