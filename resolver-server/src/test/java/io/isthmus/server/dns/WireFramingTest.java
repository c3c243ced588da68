package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.concat;
import static io.isthmus.server.dns.WireFixtures.rawOpt;
import static io.isthmus.server.dns.WireFixtures.rawOption;
import static io.isthmus.server.dns.WireFixtures.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The framing bits at each boundary: one byte less or more than the header counts describe. */
class WireFramingTest {

  private static final int FRAMED = WireFraming.FRAMED;
  private static final int OPT_SEEN = WireFraming.OPT_SEEN;

  /** An A record owned by the root, RDATA 192.0.2.1. */
  private static final byte[] A_RECORD = {0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 1};

  private static int check(byte[] wire) {
    return WireFraming.check(wire, QueryDecoder.header(wire));
  }

  @Test
  void aQuestionEndingAtTheLastByteIsFramed() {
    byte[] wire = rawQuery(0, 0, 0);
    assertThat(check(wire)).isEqualTo(FRAMED);
    assertThat(check(Arrays.copyOf(wire, wire.length - 1))).isZero();
    assertThat(check(Arrays.copyOf(wire, wire.length + 1))).isZero();
  }

  @Test
  void aRecordEndingAtTheLastByteIsFramed() {
    byte[] wire = rawQuery(0, 0, 1, A_RECORD);
    assertThat(check(wire)).isEqualTo(FRAMED);
    assertThat(check(Arrays.copyOf(wire, wire.length - 1))).isZero();
  }

  @Test
  void aRecordCutInItsFixedFieldsIsNotFramed() {
    byte[] wire = rawQuery(0, 0, 1, Arrays.copyOf(A_RECORD, 10));
    assertThat(check(wire)).isZero();
    // Exactly the fixed fields, RDLENGTH 0: framed.
    byte[] empty = Arrays.copyOf(A_RECORD, 11);
    empty[10] = 0;
    assertThat(check(rawQuery(0, 0, 1, empty))).isEqualTo(FRAMED);
  }

  @Test
  void anOptAnywhereIsSeenAQuestionOfTypeOptIsNot() {
    byte[] opt = rawOpt(new byte[0]);
    assertThat(check(rawQuery(0, 0, 1, opt))).isEqualTo(FRAMED | OPT_SEEN);
    assertThat(check(rawQuery(1, 0, 0, opt))).isEqualTo(FRAMED | OPT_SEEN);
    assertThat(check(rawQuery(0, 1, 0, opt))).isEqualTo(FRAMED | OPT_SEEN);
    byte[] optQuestion = rawQuery(0, 0, 0);
    optQuestion[optQuestion.length - 3] = 41;
    assertThat(check(optQuestion)).isEqualTo(FRAMED);
  }

  @Test
  void anOptWhoseRdataRunsPastTheEndIsSeenButNotFramed() {
    byte[] opt = rawOpt(rawOption(3, 1, 2));
    byte[] wire = rawQuery(0, 0, 1, opt);
    assertThat(check(Arrays.copyOf(wire, wire.length - 1))).isEqualTo(OPT_SEEN);
    // Cut inside the fixed fields: not recognisable as an OPT.
    assertThat(check(rawQuery(0, 0, 1, Arrays.copyOf(opt, 10)))).isZero();
  }

  @Test
  void optionsMustTileTheRdataExactly() {
    assertThat(check(rawQuery(0, 0, 1, rawOpt(concat(rawOption(3), rawOption(12, 0))))))
        .isEqualTo(FRAMED | OPT_SEEN);
    // Option data one byte longer than the RDATA.
    assertThat(check(rawQuery(0, 0, 1, rawOpt(new byte[] {0, 12, 0, 2, 0})))).isEqualTo(OPT_SEEN);
    // Three bytes left: not even an option header.
    assertThat(check(rawQuery(0, 0, 1, rawOpt(new byte[] {0, 12, 0})))).isEqualTo(OPT_SEEN);
    // Another type with the same RDATA is not read as options.
    byte[] notOpt = rawOpt(new byte[] {0, 12, 0});
    notOpt[2] = 42;
    assertThat(check(rawQuery(0, 0, 1, notOpt))).isEqualTo(FRAMED);
  }

  @Test
  void aCompressionPointerEndsTheNameInTwoBytes() {
    byte[] pointerOwner = A_RECORD.clone();
    byte[] wire =
        rawQuery(0, 0, 1, new byte[] {(byte) 0xC0, 12}, Arrays.copyOfRange(pointerOwner, 1, 15));
    assertThat(check(wire)).isEqualTo(FRAMED);
    assertThat(check(rawQuery(0, 0, 1, new byte[] {(byte) 0xC0}))).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0x40, 0x80})
  void extendedLabelTypesAreNotFramed(int labelType) {
    byte[] wire = rawQuery(0, 0, 0);
    wire[12] = (byte) labelType;
    assertThat(check(wire)).isZero();
  }

  @Test
  void aNameRunningPastTheEndIsNotFramed() {
    byte[] wire = rawQuery(0, 0, 0);
    wire[12] = 63;
    assertThat(check(wire)).isZero();
  }
}
