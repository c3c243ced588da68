package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Pre-rendered sections read back by dnsjava after a header and a question, as a response. */
class WireSectionTest {
  private static final Name QUESTION = Name.fromConstantString("Web.Example.");

  private static Record a(String name, String address) throws Exception {
    return new ARecord(
        Name.fromString(name), DClass.IN, 300, java.net.InetAddress.getByName(address));
  }

  /** header + question + the section as answers, parsed by dnsjava. */
  private static Message parse(WireSection section) throws Exception {
    Message query = Message.newQuery(Record.newRecord(QUESTION, Type.A, DClass.IN));
    query.getHeader().setFlag(Flags.QR);
    byte[] head = query.toWire();
    head[7] = (byte) section.count(); // ANCOUNT, low byte
    byte[] wire = new byte[head.length + section.bytes().length];
    System.arraycopy(head, 0, wire, 0, head.length);
    System.arraycopy(section.bytes(), 0, wire, head.length, section.bytes().length);
    return new Message(wire);
  }

  @Test
  void ownersEqualToTheQuestionBecomePointersAndTakeTheClientsCase() throws Exception {
    List<Record> records = List.of(a("web.example.", "192.0.2.1"), a("web.example.", "192.0.2.2"));
    WireSection section = WireSection.ownedByQuestion(records);

    assertThat(section.count()).isEqualTo(2);
    // Each record: 2-byte pointer + type, class, TTL, RDLENGTH (10) + 4 bytes of address.
    assertThat(section.bytes()).hasSize(2 * (2 + 10 + 4));
    List<Record> answers = parse(section).getSection(Section.ANSWER);
    assertThat(answers).extracting(Record::rdataToString).containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(answers)
        .allSatisfy(r -> assertThat(r.getName().toString()).isEqualTo("Web.Example."));
  }

  @Test
  void otherOwnersAreWrittenInFull() throws Exception {
    WireSection section = WireSection.withOwners(List.of(a("other.example.", "192.0.2.9")));

    assertThat(section.count()).isEqualTo(1);
    assertThat(section.bytes()).hasSize("other.example.".length() + 1 + 10 + 4);
    Record answer = parse(section).getSection(Section.ANSWER).get(0);
    assertThat(answer.getName()).isEqualTo(Name.fromString("other.example."));
    assertThat(answer.rdataToString()).isEqualTo("192.0.2.9");
  }

  @Test
  void equalityIsByContent() throws Exception {
    WireSection one = WireSection.withOwners(List.of(a("a.example.", "192.0.2.1")));
    WireSection same = WireSection.withOwners(List.of(a("a.example.", "192.0.2.1")));
    WireSection other = WireSection.withOwners(List.of(a("a.example.", "192.0.2.2")));

    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
    assertThat(one).isNotEqualTo(new WireSection(one.bytes(), 2));
    assertThat(one.hashCode()).isNotEqualTo(new WireSection(one.bytes(), 2).hashCode());
    assertThat(one.toString())
        .isEqualTo("WireSection[1 records, " + one.bytes().length + " bytes]");
  }
}
