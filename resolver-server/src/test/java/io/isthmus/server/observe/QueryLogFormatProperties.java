package io.isthmus.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Name;

/** The query log's own name formatting writes exactly what dnsjava's presentation format does. */
class QueryLogFormatProperties {

  @Property(tries = 2000)
  void namesAreWrittenAsDnsjavaPresentsThem(@ForAll("names") Name name) {
    StringBuilder fast = new StringBuilder();
    QueryLogFormat.name(fast, name);
    StringBuilder reference = new StringBuilder();
    QueryLogFormat.string(reference, name.toString());
    assertThat(fast.toString()).isEqualTo(reference.toString());
  }

  /** Mostly host-name labels, some with any byte (dots, quotes, backslashes, controls, UTF-8). */
  @Provide
  Arbitrary<Name> names() {
    Arbitrary<byte[]> ldh =
        Arbitraries.strings()
            .withChars("abcXYZ019-_*")
            .ofMinLength(1)
            .ofMaxLength(20)
            .map(String::getBytes);
    Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(10);
    Arbitrary<byte[]> label =
        Arbitraries.integers().between(1, 10).flatMap(n -> n == 1 ? anyBytes : ldh);
    return label.list().ofMinSize(0).ofMaxSize(5).map(QueryLogFormatProperties::absolute);
  }

  private static Name absolute(java.util.List<byte[]> labels) {
    // Wire form: length-prefixed labels, then the root.
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    for (byte[] label : labels) {
      wire.write(label.length);
      wire.write(label, 0, label.length);
    }
    wire.write(0);
    try {
      return new Name(wire.toByteArray());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
