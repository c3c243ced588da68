package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * Route precedence over plain claims (docs/spec/resolution.md section 2): most specific wins, a
 * rule beats a zone at its domain, SYSTEM means "as if no rule", nothing covering means default
 * resolution.
 */
class PrecedenceTest {
  record Claim(String id, Name domain, RouteKind kind) implements Precedence.Claim {}

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  private static final Claim CORP =
      new Claim("ZCORP", name("corp.example."), RouteKind.HOSTED_ZONE);
  private static final Claim APP =
      new Claim("ZAPP", name("app.corp.example."), RouteKind.HOSTED_ZONE);
  private static final Claim LAB =
      new Claim("ZLAB", name("lab.corp.example."), RouteKind.HOSTED_ZONE);
  private static final Claim FWD_APP =
      new Claim("R1", name("app.corp.example."), RouteKind.FORWARD);
  private static final Claim SYS_LAB = new Claim("R2", name("lab.corp.example."), RouteKind.SYSTEM);
  private static final Claim SYS_DEEP =
      new Claim("R3", name("deep.app.corp.example."), RouteKind.SYSTEM);
  private static final Claim SYS_OUT = new Claim("R4", name("onprem.example."), RouteKind.SYSTEM);

  private static Precedence<Claim> precedence(List<Claim> zones, List<Claim> rules) {
    Map<Name, Claim> zoneMap = new HashMap<>();
    zones.forEach(z -> zoneMap.put(z.domain(), z));
    Map<Name, Claim> ruleMap = new HashMap<>();
    rules.forEach(r -> ruleMap.put(r.domain(), r));
    return Precedence.of(zoneMap, ruleMap);
  }

  private static final Precedence<Claim> ALL =
      precedence(List.of(CORP, APP, LAB), List.of(FWD_APP, SYS_LAB, SYS_DEEP, SYS_OUT));

  @Test
  void theMostSpecificClaimDecides() {
    assertThat(ALL.decides(name("www.corp.example."))).isEqualTo(CORP);
    assertThat(ALL.answers(name("www.corp.example."))).isEqualTo(CORP);
    assertThat(ALL.decides(name("corp.example."))).isEqualTo(CORP);
  }

  @Test
  void aRuleBeatsAZoneAtItsDomain() {
    assertThat(ALL.decides(name("x.app.corp.example."))).isEqualTo(FWD_APP);
    assertThat(ALL.answers(name("x.app.corp.example."))).isEqualTo(FWD_APP);
    assertThat(ALL.zoneAt(name("app.corp.example."))).isEqualTo(APP);
  }

  @Test
  void systemResolvesAsIfNoRuleExisted() {
    // A SYSTEM rule at a zone's own domain: the zone answers.
    assertThat(ALL.decides(name("x.lab.corp.example."))).isEqualTo(SYS_LAB);
    assertThat(ALL.answers(name("x.lab.corp.example."))).isEqualTo(LAB);
    // Below a FORWARD rule: the most specific zone, not the FORWARD rule.
    assertThat(ALL.decides(name("x.deep.app.corp.example."))).isEqualTo(SYS_DEEP);
    assertThat(ALL.answers(name("x.deep.app.corp.example."))).isEqualTo(APP);
    // No zone covers it: default resolution.
    assertThat(ALL.decides(name("x.onprem.example."))).isEqualTo(SYS_OUT);
    assertThat(ALL.answers(name("x.onprem.example."))).isNull();
  }

  @Test
  void nothingCoveringMeansDefaultResolution() {
    assertThat(ALL.decides(name("elsewhere.test."))).isNull();
    assertThat(ALL.answers(name("elsewhere.test."))).isNull();
    assertThat(ALL.answers(name("elsewhere.test."), null)).isNull();
  }

  @Test
  void zoneAtIsExactlyAtTheDomain() {
    assertThat(ALL.zoneAt(name("corp.example."))).isEqualTo(CORP);
    assertThat(ALL.zoneAt(name("www.corp.example."))).isNull();
    assertThat(ALL.zoneAt(name("onprem.example."))).isNull();
  }

  @Test
  void coveringListsEveryClaimInPrecedenceOrder() {
    assertThat(ALL.covering(name("x.deep.app.corp.example.")))
        .containsExactly(SYS_DEEP, FWD_APP, APP, CORP);
    assertThat(ALL.covering(name("lab.corp.example."))).containsExactly(SYS_LAB, LAB, CORP);
    assertThat(ALL.covering(name("elsewhere.test."))).isEmpty();
  }

  @Test
  void decidingHoldsOneClaimPerDomainTheRuleWhereBothAre() {
    assertThat(ALL.deciding()).containsExactlyInAnyOrder(CORP, FWD_APP, SYS_LAB, SYS_DEEP, SYS_OUT);
  }
}
