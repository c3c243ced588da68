package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.zone.WireRecordList;
import io.isthmus.zone.ZoneAnswer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/** The named factories say what a resolution is; each fixes the components its kind implies. */
class ResolutionTest {
  private static final Record TXT =
      new TXTRecord(Name.fromConstantString("id.server."), DClass.CH, 0, "node-1");

  @Test
  void aNodeAnswerIsAnAuthoritativeNoerrorWithoutRoute() {
    Resolution r = Resolution.nodeAnswer(List.of(TXT));
    assertThat(r.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.authoritative()).isTrue();
    assertThat(r.answer()).containsExactly(TXT);
    assertThat(r.authority()).isEmpty();
    assertThat(r.edeCode()).isEqualTo(Resolution.NO_EDE);
    assertThat(r.route()).isNull();
    assertThat(r.vpcId()).isNull();
    assertThat(r.cache()).isEqualTo(CacheStatus.NONE);
  }

  @Test
  void aFailureHasNoRecordsAndIsNotAuthoritative() {
    Resolution r = Resolution.failure(Rcode.REFUSED, 18, "no", RouteKind.REFUSED);
    assertThat(r.authoritative()).isFalse();
    assertThat(r.answer()).isEmpty();
    assertThat(r.edeCode()).isEqualTo(18);
    assertThat(r.edeText()).isEqualTo("no");
    assertThat(r.route()).isEqualTo(RouteKind.REFUSED);
    assertThat(r.routeId()).isNull();
  }

  @Test
  void withEdeChangesOnlyTheExtendedError() {
    Resolution r =
        Resolution.local(
                Rcode.NXDOMAIN,
                List.of(TXT),
                List.of(),
                null,
                null,
                RouteKind.HOSTED_ZONE,
                "Z",
                "v")
            .withEde(ExtendedErrorCodeOption.OTHER, "zone Z");
    assertThat(r.edeCode()).isEqualTo(ExtendedErrorCodeOption.OTHER);
    assertThat(r.edeText()).isEqualTo("zone Z");
    assertThat(r.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(r.authoritative()).isTrue();
    assertThat(r.answer()).containsExactly(TXT);
    assertThat(r.route()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(r.routeId()).isEqualTo("Z");
    assertThat(r.vpcId()).isEqualTo("v");
  }

  @Test
  void keepsACopyOfAListItWasGivenButAZoneAnswersRecordsAsTheyAre() throws Exception {
    Record a =
        new ARecord(
            Name.fromConstantString("www.example.com."),
            DClass.IN,
            300,
            InetAddress.getByName("10.0.0.1"));
    List<Record> mutable = new ArrayList<>(List.of(a));

    Resolution copied = Resolution.nodeAnswer(mutable);
    mutable.clear();

    assertThat(copied.answer()).containsExactly(a);

    List<Record> unparsed = new ZoneAnswer.Answer(List.of(a)).records();
    assertThat(unparsed).isInstanceOf(WireRecordList.class);
    assertThat(Resolution.nodeAnswer(unparsed).answer()).isSameAs(unparsed);
  }
}
