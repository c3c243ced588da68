package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** {@link RdataText#parse} reads RDATA exactly as dnsjava's tokenizer does, errors included. */
class RdataTextProperties {
  private static final Name ORIGIN = Name.fromConstantString("example.com.");
  private static final Name OWNER = Name.fromConstantString("www.example.com.");

  /** Texts near the address forms: valid, out of range, short, long, mixed, spaced, empty. */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> octet = Arbitraries.integers().between(0, 300).map(String::valueOf);
    Arbitrary<String> ipv4 =
        octet.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts));
    Arbitrary<String> group =
        Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(0).ofMaxLength(5);
    Arbitrary<String> ipv6 =
        group.list().ofMinSize(1).ofMaxSize(9).map(parts -> String.join(":", parts));
    Arbitrary<String> mapped = ipv4.map(v4 -> "::ffff:" + v4);
    Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789.:af ;\t").ofMaxLength(12);
    return Arbitraries.oneOf(ipv4, ipv6, mapped, noise, ipv4.map(v4 -> " " + v4 + " "));
  }

  @Property(tries = 3000)
  void readsAsTheTokenizerDoes(@ForAll("texts") String text, @ForAll("addressTypes") int type)
      throws Exception {
    Record expected = null;
    Throwable expectedFailure =
        catchThrowable(() -> Record.fromString(OWNER, type, DClass.IN, 300, text, ORIGIN));
    if (expectedFailure == null) {
      expected = Record.fromString(OWNER, type, DClass.IN, 300, text, ORIGIN);
    }
    Record[] actual = new Record[1];
    Throwable failure =
        catchThrowable(() -> actual[0] = RdataText.parse(OWNER, type, 300, text, ORIGIN));

    if (expectedFailure == null) {
      assertThat(failure).isNull();
      assertThat(actual[0]).isEqualTo(expected);
      assertThat(actual[0].rdataToString()).isEqualTo(expected.rdataToString());
      assertThat(actual[0].getTTL()).isEqualTo(300);
    } else {
      assertThat(failure)
          .isInstanceOf(expectedFailure.getClass())
          .hasMessage(expectedFailure.getMessage());
    }
  }

  @Provide
  Arbitrary<Integer> addressTypes() {
    return Arbitraries.of(Type.A, Type.AAAA, Type.TXT);
  }
}
