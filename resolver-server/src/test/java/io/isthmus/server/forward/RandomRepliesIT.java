package io.isthmus.server.forward;

import static io.isthmus.server.forward.ForwardCacheTest.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A burst of 10,000 random upstream replies through the real forwarder: random bytes carrying the
 * query's ID, then a random but valid-looking message that repeats the ID and question (so it gets
 * past the validator) with random records in random sections. The forwarder answers every query,
 * and neither an answer nor the cache ever holds a record outside the question's chain or the
 * bailiwick.
 */
class RandomRepliesIT {

  private static final int QUERIES = 10_000;
  private static final int IN_FLIGHT = 250;
  private static final Name BAILIWICK = name("example.com.");

  @Test
  void randomRepliesNeverBreakTheForwarderOrPoisonTheCache() throws Exception {
    Random seeds = new Random(20261210);
    try (FakeUpstream upstream = FakeUpstream.start("127.77.0.21");
        Forwarder forwarder = new Forwarder(ForwarderOptions.defaults(), new AtomicLong()::get)) {
      upstream.udp(
          (query, replies) -> {
            Random random = new Random(seeds.nextLong());
            replies.send(randomBytes(random, query.getHeader().getID()));
            replies.send(randomReply(random, query, random.nextInt(100) == 0));
          });
      upstream.tcp(query -> randomReply(new Random(query.getHeader().getID()), query, false));

      List<ForwardQuery> queries = new ArrayList<>(QUERIES);
      for (int i = 0; i < QUERIES; i++) {
        int type = i % 3 == 0 ? Type.AAAA : Type.A;
        queries.add(
            new ForwardQuery(
                "rule-burst",
                name("q" + i + ".example.com."),
                type,
                DClass.IN,
                List.of(upstream.address()),
                List.of(),
                BAILIWICK));
      }
      int answered = 0;
      for (int start = 0; start < QUERIES; start += IN_FLIGHT) {
        List<CompletableFuture<ForwardResult>> batch = new ArrayList<>(IN_FLIGHT);
        for (int i = start; i < Math.min(QUERIES, start + IN_FLIGHT); i++) {
          batch.add(forwarder.forward(queries.get(i)));
        }
        for (int i = 0; i < batch.size(); i++) {
          ForwardResult result = batch.get(i).get(20, TimeUnit.SECONDS);
          assertOnTheChain(result, queries.get(start + i));
          answered++;
        }
      }
      assertThat(answered).isEqualTo(QUERIES);

      int cached = 0;
      for (ForwardQuery query : queries) {
        Optional<ForwardResult> entry = forwarder.cached(query);
        if (entry.isPresent()) {
          assertOnTheChain(entry.get(), query);
          cached++;
        }
      }
      assertThat(cached).as("some random replies were cacheable").isPositive();
      assertThat(forwarder.scrubbedRecords()).as("random records were dropped").isPositive();
    }
  }

  /** Every record of the answer on the question's chain, inside the bailiwick, in class IN. */
  private static void assertOnTheChain(ForwardResult result, ForwardQuery query) {
    List<Name> chain = new ArrayList<>(List.of(query.name()));
    for (Record record : result.answer()) {
      assertThat(record.getDClass()).isEqualTo(DClass.IN);
      if (record instanceof DNAMERecord) {
        assertThat(isOnChainBelow(chain, record)).as("DNAME %s above the chain", record).isTrue();
        continue;
      }
      assertThat(chain)
          .as("owner of %s on the chain of %s", record, query.name())
          .contains(record.getName());
      assertThat(record.getName().subdomain(BAILIWICK)).isTrue();
      if (record instanceof CNAMERecord cname) {
        chain.add(cname.getTarget());
      } else {
        assertThat(record.getType()).isEqualTo(query.type());
      }
    }
    for (Record record : result.authority()) {
      assertThat(record.getName().subdomain(BAILIWICK)).as("%s in bailiwick", record).isTrue();
      assertThat(record.getType()).isIn(Type.SOA, Type.NS);
    }
  }

  private static boolean isOnChainBelow(List<Name> chain, Record dname) {
    return chain.stream().anyMatch(n -> n.subdomain(dname.getName()));
  }

  private static byte[] randomBytes(Random random, int id) {
    byte[] bytes = new byte[random.nextInt(600)];
    random.nextBytes(bytes);
    if (bytes.length >= 2) {
      bytes[0] = (byte) (id >>> 8);
      bytes[1] = (byte) id;
    }
    return bytes;
  }

  private static Message randomReply(Random random, Message query, boolean truncated) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    if (truncated) {
      reply.getHeader().setFlag(Flags.TC);
    }
    int[] rcodes = {Rcode.NOERROR, Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.SERVFAIL, Rcode.REFUSED};
    reply.getHeader().setRcode(rcodes[random.nextInt(rcodes.length)]);
    Record question = query.getQuestion();
    reply.addRecord(question, Section.QUESTION);
    Name qname = question.getName();
    Name[] names = {
      qname,
      qname,
      name("a.example.com."),
      name("b.example.com."),
      name("example.com."),
      name("victim.example.net."),
      name("example.net."),
      Name.root,
    };
    int[] sections = {Section.ANSWER, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};
    int count = random.nextInt(10);
    for (int r = 0; r < count; r++) {
      Name owner = names[random.nextInt(names.length)];
      Name target = names[random.nextInt(names.length)];
      int dclass = random.nextInt(10) == 0 ? DClass.CH : DClass.IN;
      long ttl = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(86400);
      Record record =
          switch (random.nextInt(8)) {
            case 0 -> new CNAMERecord(owner, dclass, ttl, target);
            case 1 -> new DNAMERecord(owner, dclass, ttl, target);
            case 2 -> new NSRecord(owner, dclass, ttl, target);
            case 3 -> new SOARecord(owner, dclass, ttl, target, target, 1, 2, 3, 4, ttl);
            case 4 -> new TXTRecord(owner, dclass, ttl, "random");
            case 5 -> new AAAARecord(owner, dclass, ttl, new byte[16]);
            default -> new ARecord(owner, dclass, ttl, new byte[] {6, 6, 6, (byte) r});
          };
      reply.addRecord(record, sections[random.nextInt(sections.length)]);
    }
    return reply;
  }
}
