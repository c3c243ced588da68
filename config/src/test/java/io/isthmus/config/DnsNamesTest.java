package io.isthmus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** {@link DnsNames#normalize}: absolute, lower case, IDN labels as A-labels, or empty. */
class DnsNamesTest {
  @Test
  void normalizesCaseTheTrailingDotAndIdnLabels() {
    assertThat(DnsNames.normalize("App1.Example")).contains("app1.example.");
    assertThat(DnsNames.normalize(" www.example.com. ")).contains("www.example.com.");
    assertThat(DnsNames.normalize("_sip._tcp.example.")).contains("_sip._tcp.example.");
    assertThat(DnsNames.normalize("*.example.")).contains("*.example.");
    assertThat(DnsNames.normalize("Bücher.Example")).contains("xn--bcher-kva.example.");
    assertThat(DnsNames.normalize(".")).contains(".");
  }

  @Test
  void refusesWhatIsNoName() {
    assertThat(DnsNames.normalize(null)).isEmpty();
    assertThat(DnsNames.normalize("  ")).isEmpty();
    assertThat(DnsNames.normalize("a..example.")).isEmpty();
    assertThat(DnsNames.normalize("a".repeat(64) + ".example.")).isEmpty();
    assertThat(DnsNames.normalize(("a".repeat(63) + ".").repeat(4))).isEmpty();
    assertThat(DnsNames.normalize("ü".repeat(64) + ".example.")).isEmpty();
  }

  /** Names of US-ASCII skip IDN: the result must be what IDN and the parse would give. */
  @Test
  void asciiNamesNormalizeAsThroughIdn() {
    SplittableRandom random = new SplittableRandom(13);
    String alphabet = "abcXYZ019-_*..\\";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = 0, length = 1 + random.nextInt(20); j < length; j++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextInt(8) == 0) {
        text.append("a".repeat(60));
      }
      if (random.nextInt(16) == 0) {
        // Near the 255 octets of a whole name.
        text.append(("b".repeat(62) + ".").repeat(3)).append("c".repeat(random.nextInt(70)));
      }
      assertThat(DnsNames.normalize(text.toString()))
          .as(text.toString())
          .isEqualTo(throughIdn(text.toString()));
    }
  }

  private static Optional<String> throughIdn(String input) {
    String text = input.trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.equals(".")) {
      return Optional.of(".");
    }
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      String ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
      return Optional.of(Name.fromString(ascii.toLowerCase(Locale.ROOT) + ".").toString());
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
