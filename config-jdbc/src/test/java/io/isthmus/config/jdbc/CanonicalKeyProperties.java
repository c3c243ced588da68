package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Name;

/**
 * The bytes of {@link CanonicalKey} order as DNS canonical name order (RFC 4034 section 6.1, which
 * dnsjava's {@link Name#compareTo} implements, upper and lower case alike), then the type number,
 * with 65,536 after every type of a name and before the names below it. Equal keys only for equal
 * names and types: the key is a record set's identity in its zone.
 */
class CanonicalKeyProperties {

  @Provide
  Arbitrary<String> names() {
    // Escaped octets too: a zero octet, which the key escapes, and its neighbours.
    Arbitrary<String> label =
        Arbitraries.of("a", "b", "A", "B", "0", "1", "9", "-", "_", "*", "\\000", "\\001", "\\255")
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(octets -> String.join("", octets));
    return label
        .list()
        .ofMinSize(0)
        .ofMaxSize(4)
        .map(labels -> String.join(".", labels) + ".")
        .map(name -> name.equals(".") ? "." : name);
  }

  @Provide
  Arbitrary<Integer> types() {
    return Arbitraries.of(0, 1, 2, 16, 28, 255, 256, 257, 65535, 65536);
  }

  @Property(tries = 2000)
  void ordersAsCanonicalNameThenType(
      @ForAll("names") String a,
      @ForAll("types") int typeA,
      @ForAll("names") String b,
      @ForAll("types") int typeB) {
    int byName = Name.fromConstantString(a).compareTo(Name.fromConstantString(b));
    int expected = byName != 0 ? byName : Integer.compare(typeA, typeB);

    int actual = Arrays.compareUnsigned(CanonicalKey.of(a, typeA), CanonicalKey.of(b, typeB));

    assertThat(Integer.signum(actual)).isEqualTo(Integer.signum(expected));
  }

  @Property(tries = 200)
  void theTypeMnemonicGivesTheKeyOfItsNumber(@ForAll("names") String name) {
    for (String type : List.of("A", "NS", "TXT", "AAAA", "CAA")) {
      assertThat(CanonicalKey.of(name, type))
          .isEqualTo(CanonicalKey.of(name, org.xbill.DNS.Type.value(type)));
    }
  }
}
