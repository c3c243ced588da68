package io.isthmus.server.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Coverage-guided fuzzing of {@link ReplyScrubber}, the gate every upstream reply passes before it
 * is used or cached (docs/security.md "Spoofing or compromised upstream").
 *
 * <p>An input is one control byte and a DNS message as an upstream could send it. The control byte
 * picks the question's type and the bailiwick (the root, as for default resolution, or a rule's
 * domain); the question name is the message's own (the reply validator only lets through replies
 * that repeat our question), else a fixed name; a rule forwards only names inside its domain, so a
 * question outside the chosen bailiwick is asked with the root's. Properties, for every input that
 * dnsjava parses: the scrubber never throws; the answer is exactly a chain from the question name —
 * each record owned by the chain's current name (a CNAME moving it on to its target) or a DNAME of
 * an ancestor — inside the bailiwick and of the question's class; authority holds only SOA or NS
 * records inside the bailiwick, additional only address records inside it; a chain cut at the
 * bailiwick continues at a name outside it; only NOERROR, NXDOMAIN or (loops, over-long chains)
 * SERVFAIL keep records.
 *
 * <p>Seeds and findings: {@code
 * src/test/resources/io/isthmus/server/forward/ReplyScrubberFuzzInputs/scrub/}. See
 * docs/fuzzing.md.
 */
class ReplyScrubberFuzz {

  private static final int[] TYPES = {Type.A, Type.AAAA, Type.CNAME, Type.ANY, Type.MX, Type.TXT};
  private static final List<Name> BAILIWICKS =
      List.of(Name.root, name("corp.example."), name("example."), name("a.corp.example."));
  private static final Name FALLBACK_QNAME = name("www.corp.example.");

  @FuzzTest(maxDuration = "20s")
  void scrub(byte[] input) {
    if (input.length < 1) {
      return;
    }
    int control = input[0] & 0xff;
    Message reply;
    try {
      reply = new Message(Arrays.copyOfRange(input, 1, input.length));
    } catch (IOException | RuntimeException unparseable) {
      // The validator drops what dnsjava cannot parse; nothing reaches the scrubber.
      return;
    }
    int qtype = TYPES[control % TYPES.length];
    Name bailiwick = BAILIWICKS.get((control / TYPES.length) % BAILIWICKS.size());
    Record question = reply.getQuestion();
    Name qname = question == null ? FALLBACK_QNAME : question.getName();
    if (!qname.subdomain(bailiwick)) {
      // A rule forwards only names inside its domain: the question is always in its bailiwick.
      bailiwick = Name.root;
    }

    ScrubbedReply scrubbed = ReplyScrubber.scrub(reply, qname, qtype, DClass.IN, bailiwick);

    assertThat(scrubbed.dropped()).isNotNegative();
    checkChain(scrubbed, qname, qtype, bailiwick);
    for (Record record : scrubbed.authority()) {
      assertThat(record.getType()).isIn(Type.SOA, Type.NS);
      assertInside(record, bailiwick);
    }
    for (Record record : scrubbed.additional()) {
      assertThat(record.getType()).isIn(Type.A, Type.AAAA);
      assertInside(record, bailiwick);
    }
    if (scrubbed.ending() == ScrubbedReply.Ending.LEFT_BAILIWICK) {
      assertThat(scrubbed.continueAt().subdomain(bailiwick)).isFalse();
    } else {
      assertThat(scrubbed.continueAt()).isNull();
    }
    if (!scrubbed.answer().isEmpty() || !scrubbed.authority().isEmpty()) {
      assertThat(scrubbed.rcode()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.SERVFAIL);
    }
    assertThat(scrubbed.upstreamErrors())
        .hasSizeLessThanOrEqualTo(ReplyScrubber.MAX_UPSTREAM_ERRORS);
  }

  /** Walks the kept answer as a resolver would: every record must continue the chain. */
  private static void checkChain(ScrubbedReply scrubbed, Name qname, int qtype, Name bailiwick) {
    Name current = qname;
    int links = 0;
    for (Record record : scrubbed.answer()) {
      assertThat(record.getDClass()).isEqualTo(DClass.IN);
      assertInside(record, bailiwick);
      if (record instanceof DNAMERecord dname) {
        assertThat(current.subdomain(dname.getName())).isTrue();
        assertThat(current).isNotEqualTo(dname.getName());
        continue;
      }
      assertThat(record.getName()).isEqualTo(current);
      if (record instanceof CNAMERecord cname && qtype != Type.CNAME) {
        current = cname.getTarget();
        links++;
      } else if (qtype != Type.ANY) {
        assertThat(record.getType()).isIn(qtype, Type.CNAME);
      }
    }
    assertThat(links).isLessThanOrEqualTo(ReplyScrubber.MAX_LINKS + 1);
  }

  private static void assertInside(Record record, Name bailiwick) {
    assertThat(record.getName().subdomain(bailiwick))
        .as("%s inside %s", record, bailiwick)
        .isTrue();
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
