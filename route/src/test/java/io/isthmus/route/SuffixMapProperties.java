package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Name;

/** The hash-walk longest match must equal a brute-force linear scan over every domain. */
class SuffixMapProperties {

  @Property(tries = 300)
  void longestMatchEqualsLinearScan(
      @ForAll("domainSets") List<Name> domains, @ForAll("queries") List<Name> queries) {
    Map<Name, Name> byDomain = new HashMap<>();
    domains.forEach(d -> byDomain.put(d, d));
    SuffixMap<Name> map = SuffixMap.of(byDomain);

    for (Name query : queries) {
      Name expected = null;
      for (Name domain : byDomain.keySet()) {
        if (query.subdomain(domain) && (expected == null || domain.labels() > expected.labels())) {
          expected = domain;
        }
      }
      assertThat(map.longestMatch(query)).as("longest match of %s", query).isEqualTo(expected);
      List<Name> all = map.allMatches(query);
      assertThat(all.isEmpty() ? null : all.get(0)).isEqualTo(expected);
    }
  }

  @Property(tries = 100)
  void lookupIgnoresCase(@ForAll("domainSets") List<Name> domains) throws Exception {
    Map<Name, Name> byDomain = new HashMap<>();
    domains.forEach(d -> byDomain.put(d, d));
    SuffixMap<Name> map = SuffixMap.of(byDomain);
    for (Name domain : domains) {
      Name upper =
          Name.fromString("X", Name.fromString(domain.toString().toUpperCase(Locale.ROOT)));
      assertThat(map.longestMatch(upper)).isEqualTo(domain);
    }
  }

  /** Small alphabet and few labels so that random names share suffixes often. */
  private static Arbitrary<Name> names() {
    Arbitrary<String> label = Arbitraries.of("a", "b", "c", "app1", "aws", "local");
    return label
        .list()
        .ofMinSize(0)
        .ofMaxSize(5)
        .map(
            labels -> {
              try {
                return labels.isEmpty()
                    ? Name.root
                    : Name.fromString(String.join(".", labels) + ".");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Provide
  Arbitrary<List<Name>> domainSets() {
    return names().list().ofMaxSize(12).map(ArrayList::new);
  }

  @Provide
  Arbitrary<List<Name>> queries() {
    return Combinators.combine(names(), names()).as((a, b) -> a).list().ofMinSize(1).ofMaxSize(20);
  }
}
