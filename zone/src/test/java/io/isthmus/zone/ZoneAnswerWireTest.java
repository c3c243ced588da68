package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * An answer keeps only its wire form: the records read back from it are those it was made of, TTLs,
 * names in RDATA and the owner's spelling included.
 */
class ZoneAnswerWireTest {
  private static final Name OWNER = Name.fromConstantString("www.example.com.");

  private static Record record(Name owner, String type, long ttl, String rdata) throws Exception {
    return Record.fromString(owner, Type.value(type), 1, ttl, rdata, Name.root);
  }

  private static List<Record> mixed(Name owner) throws Exception {
    return List.of(
        record(owner, "A", 300, "10.0.0.1"),
        record(owner, "A", 300, "10.0.0.2"),
        // A name in RDATA equal to the owner: written in full, never as a pointer.
        record(owner, "MX", 60, "10 www.example.com."),
        record(owner, "TXT", 86400, "\"v=spf1 -all\" \"second string\""),
        record(owner, "SOA", 900, "ns.example. host.example. 7 7200 900 1209600 60"));
  }

  /** Text with the TTL: Record.equals ignores TTLs. */
  private static List<String> texts(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }

  @Test
  void recordsReadBackEqualTheRecordsGiven() throws Exception {
    List<Record> given = mixed(OWNER);
    ZoneAnswer.Answer answer = new ZoneAnswer.Answer(given);

    assertThat(answer.records()).isEqualTo(given);
    assertThat(texts(answer.records())).isEqualTo(texts(given));
    assertThat(answer.wire()).isEqualTo(WireSection.ownedByQuestion(given));
  }

  @Test
  void anAnswerOwnedByAnotherNameSharesTheWireAndReadsWithThatNameAsSpelt() throws Exception {
    ZoneAnswer.Answer wildcard =
        new ZoneAnswer.Answer(mixed(Name.fromConstantString("*.example.com.")));
    Name query = Name.fromConstantString("HoSt.Example.COM.");

    ZoneAnswer.Answer owned = wildcard.ownedBy(query);

    assertThat(owned.wire()).isEqualTo(wildcard.wire());
    assertThat(texts(owned.records())).isEqualTo(texts(mixed(query)));
    assertThat(owned.records().get(0).getName().toString()).isEqualTo("HoSt.Example.COM.");
    assertThat(owned).isNotEqualTo(wildcard);
  }

  @Test
  void anAnswerFollowedByAnotherHoldsBothInOrder() throws Exception {
    List<Record> all = mixed(OWNER);
    ZoneAnswer.Answer first = new ZoneAnswer.Answer(all.subList(0, 2));
    ZoneAnswer.Answer second = new ZoneAnswer.Answer(all.subList(2, all.size()));

    ZoneAnswer.Answer joined = first.followedBy(second);

    assertThat(joined).isEqualTo(new ZoneAnswer.Answer(all));
    assertThat(texts(joined.records())).isEqualTo(texts(all));
    assertThat(joined.wire().count()).isEqualTo(all.size());
    assertThat(first.records()).hasSize(2);
  }

  @Test
  void answersAreEqualByOwnerAndWire() throws Exception {
    List<Record> records = mixed(OWNER);
    ZoneAnswer.Answer answer = new ZoneAnswer.Answer(records);
    ZoneAnswer.Answer same = new ZoneAnswer.Answer(new ArrayList<>(records));

    assertThat(answer).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(answer)
        .isNotEqualTo(new ZoneAnswer.Answer(List.of(record(OWNER, "A", 301, "10.0.0.1"))))
        .isNotEqualTo(new ZoneAnswer.Answer(records.subList(0, 1)))
        .isNotEqualTo(new ZoneAnswer.Answer(mixed(Name.fromConstantString("web.example.com."))))
        .isNotEqualTo(answer.wire());
    assertThat(answer.toString()).contains("10.0.0.2", "v=spf1");
  }

  @Test
  void anEmptyAnswerHasNoRecords() {
    ZoneAnswer.Answer empty = new ZoneAnswer.Answer(List.of());

    assertThat(empty.records()).isEmpty();
    assertThat(empty.records()).isEqualTo(List.of());
    assertThat(empty.wire().count()).isZero();
  }

  @Test
  void theListIsUnmodifiable() throws Exception {
    List<Record> records = new ZoneAnswer.Answer(mixed(OWNER)).records();

    assertThatThrownBy(() -> records.add(new ARecord(OWNER, 1, 300, new byte[] {10, 0, 0, 3})))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> records.remove(0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theSizeIsKnownWithoutParsingAndEveryReadParsesTheSameRecords() throws Exception {
    // Bytes that are no records: the size is there, a read fails loudly.
    WireRecordList garbage = new WireRecordList(OWNER, new byte[] {(byte) 0xC0, 0x0C, 0x00}, 2);
    assertThat(garbage).hasSize(2).isNotEmpty();
    assertThatThrownBy(() -> garbage.get(0)).isInstanceOf(IllegalStateException.class);
    // One whole A record of two, then the second cut inside its RDATA; then an A record of 3 bytes.
    byte[] one = {(byte) 0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 10, 0, 0, 1};
    byte[] cut = java.util.Arrays.copyOf(one, one.length * 2 - 1);
    System.arraycopy(one, 0, cut, one.length, one.length - 1);
    assertThatThrownBy(() -> new WireRecordList(OWNER, cut, 2).get(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("record 1 of 2");
    byte[] shortAddress = {(byte) 0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 1, 44, 0, 3, 10, 0, 0};
    assertThatThrownBy(() -> new WireRecordList(OWNER, shortAddress, 1).get(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RDATA");
    assertThat(new WireRecordList(OWNER, one, 1).get(0))
        .isEqualTo(new ARecord(OWNER, 1, 300, new byte[] {10, 0, 0, 1}));

    List<Record> records = new ZoneAnswer.Answer(mixed(OWNER)).records();
    assertThat(records.get(4)).isSameAs(records.get(4));
    assertThat(records.get(0)).isEqualTo(mixed(OWNER).get(0));
  }
}
