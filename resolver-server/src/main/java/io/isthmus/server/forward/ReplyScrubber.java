package io.isthmus.server.forward;

import io.isthmus.route.Resolver;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Keeps of an upstream reply only what that upstream may tell us about our question, before
 * anything of it is used or cached (the idea of Unbound's scrubber and BIND's bailiwick rules; RFC
 * 5452 §6 asks resolvers to accept only in-bailiwick data). A pure function: stateless and
 * thread-safe; total — it never throws for a parsed {@link Message}, whatever it holds.
 *
 * <p>The <b>bailiwick</b> is the domain the upstream was asked about: a FORWARD rule's domain, or
 * the root for default resolution (every name in bailiwick).
 *
 * <ul>
 *   <li><b>Answer</b>: only the chain that starts at the question name: at each name, a DNAME of an
 *       ancestor (see below), else the CNAME owned by the name (RFC 1034 §4.3.2 step 3a: a CNAME
 *       wins over other data), else the RRset of the question type owned by the name; a CNAME's
 *       target is the next name. Every other record is dropped: records of other names, other
 *       types, other classes, a second CNAME at one name, RRSIGs (we never set DO, RFC 4035
 *       §3.2.1). The chain stops at a target outside the bailiwick ({@link
 *       ScrubbedReply.Ending#LEFT_BAILIWICK}: what the upstream said about it is dropped, the
 *       caller resolves it again), at a loop, or after {@link #MAX_LINKS} CNAMEs
 *       (docs/spec/resolution.md §3's limits; both SERVFAIL). A CNAME query ends at the CNAME; an
 *       ANY query keeps every record owned by the question name.
 *   <li><b>DNAME</b> (RFC 6672) is <i>synthesized</i>, never taken on the upstream's word: a DNAME
 *       owned by an ancestor of the current name, inside the bailiwick, is kept and the CNAME it
 *       implies is made here (RFC 6672 §3.4, TTL of the DNAME); the upstream's own CNAME for that
 *       name is dropped. So the link is always the one the DNAME implies, whether the upstream sent
 *       the synthesized CNAME, a different one or none (older servers), and a client that
 *       understands DNAME sees it. Dropping DNAMEs instead would make answers from servers that
 *       omit the CNAME empty.
 *   <li><b>Authority</b> (only when the chain ended inside the bailiwick): for a negative answer
 *       (NXDOMAIN, or no data at the chain's last name) one SOA owned by an ancestor-or-self of
 *       that last name inside the bailiwick (RFC 2308 §3); for a positive one the NS records of
 *       such an owner (the zone of the answer). Nothing else.
 *   <li><b>Additional</b>: only A/AAAA records of those NS names (glue), inside the bailiwick. The
 *       OPT record is not a section record here; its Extended DNS Errors (RFC 8914) are returned
 *       apart, at most {@link #MAX_UPSTREAM_ERRORS}.
 *   <li>Any RCODE other than NOERROR and NXDOMAIN keeps no records at all.
 * </ul>
 *
 * When nothing is dropped and the answer is already in chain order, the sections are returned as
 * the message holds them, without building new lists.
 */
final class ReplyScrubber {

  /**
   * docs/spec/resolution.md section 3: up to 8 CNAMEs are followed; a 9th (or a loop) gives
   * SERVFAIL.
   */
  static final int MAX_LINKS = Resolver.MAX_CNAME_HOPS;

  /** RFC 2181 §8: the largest TTL; larger values on the wire are treated as zero. */
  private static final long MAX_TTL = 0x7FFFFFFFL;

  /** A bound on what a hostile upstream can make us repeat to clients. */
  static final int MAX_UPSTREAM_ERRORS = 3;

  private ReplyScrubber() {}

  /**
   * The parts of {@code reply} that may be used and cached as the answer to (qname, qtype, qclass)
   * from an upstream trusted for names at or below {@code bailiwick}.
   */
  static ScrubbedReply scrub(Message reply, Name qname, int qtype, int qclass, Name bailiwick) {
    int rcode = reply.getRcode();
    List<Record> answer = reply.getSection(Section.ANSWER);
    List<Record> authority = reply.getSection(Section.AUTHORITY);
    List<Record> additional = reply.getSection(Section.ADDITIONAL);
    int received = answer.size() + authority.size() + countNotOpt(additional);
    List<ExtendedErrorCodeOption> errors = upstreamErrors(reply);
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return new ScrubbedReply(
          rcode,
          List.of(),
          List.of(),
          List.of(),
          ScrubbedReply.Ending.COMPLETE,
          null,
          errors,
          received);
    }
    Chain chain = new Chain(answer, qclass, bailiwick);
    chain.walk(qname, qtype);
    List<Record> keptAnswer = chain.keptAsGiven() ? answer : chain.kept;
    if (chain.ending != ScrubbedReply.Ending.COMPLETE) {
      int resultRcode =
          chain.ending == ScrubbedReply.Ending.LEFT_BAILIWICK ? Rcode.NOERROR : Rcode.SERVFAIL;
      return new ScrubbedReply(
          resultRcode,
          keptAnswer,
          List.of(),
          List.of(),
          chain.ending,
          chain.continueAt,
          errors,
          received - chain.keptFromReply);
    }
    boolean negative = rcode == Rcode.NXDOMAIN || !chain.data;
    List<Record> keptAuthority =
        negative
            ? negativeSoa(authority, chain.last, qclass, bailiwick)
            : zoneNs(authority, chain.last, qclass, bailiwick);
    List<Record> keptAdditional = glue(additional, keptAuthority, qclass, bailiwick);
    if (keptAuthority.size() == authority.size()) {
      keptAuthority = authority;
    }
    return new ScrubbedReply(
        rcode,
        keptAnswer,
        keptAuthority,
        keptAdditional,
        ScrubbedReply.Ending.COMPLETE,
        null,
        errors,
        received - chain.keptFromReply - keptAuthority.size() - keptAdditional.size());
  }

  /** The chain walked through an answer section. Confined to one scrub call. */
  private static final class Chain {
    private final List<Record> answer;
    private final int qclass;
    private final Name bailiwick;
    private final List<Record> kept = new ArrayList<>(2);
    private final List<Name> seen = new ArrayList<>(2);
    private boolean synthesized;
    private int keptFromReply;
    private boolean data;
    private Name last;
    private Name continueAt;
    private ScrubbedReply.Ending ending = ScrubbedReply.Ending.COMPLETE;

    Chain(List<Record> answer, int qclass, Name bailiwick) {
      this.answer = answer;
      this.qclass = qclass;
      this.bailiwick = bailiwick;
    }

    void walk(Name qname, int qtype) {
      Name name = qname;
      seen.add(qname);
      for (int links = 0; ; ) {
        last = name;
        if (qtype == Type.ANY) {
          data = keepOwnedBy(name, Type.ANY);
          return;
        }
        Name target;
        DNAMERecord dname = applicableDname(name);
        if (dname != null) {
          target = synthesize(name, dname);
          if (target == null) {
            // RFC 6672 §2.2: the substituted name is too long (YXDOMAIN): no answer for it.
            return;
          }
        } else {
          CNAMERecord cname = cnameOf(name);
          if (cname == null) {
            data = keepOwnedBy(name, qtype);
            return;
          }
          keep(cname);
          target = cname.getTarget();
        }
        if (qtype == Type.CNAME) {
          // The CNAME is the answer to a CNAME query; it is not followed.
          data = true;
          return;
        }
        links++;
        if (links > MAX_LINKS) {
          ending = ScrubbedReply.Ending.TOO_LONG;
          return;
        }
        if (contains(seen, target)) {
          ending = ScrubbedReply.Ending.LOOP;
          return;
        }
        if (!target.subdomain(bailiwick)) {
          ending = ScrubbedReply.Ending.LEFT_BAILIWICK;
          continueAt = target;
          return;
        }
        seen.add(target);
        name = target;
      }
    }

    /** True when the answer kept is every record of the section, in the section's order. */
    boolean keptAsGiven() {
      return !synthesized && kept.size() == answer.size() && inSectionOrder();
    }

    private boolean inSectionOrder() {
      for (int i = 0; i < kept.size(); i++) {
        if (kept.get(i) != answer.get(i)) {
          return false;
        }
      }
      return true;
    }

    /** A DNAME owned by a proper ancestor of {@code name} inside the bailiwick; the closest. */
    private DNAMERecord applicableDname(Name name) {
      DNAMERecord best = null;
      for (Record record : answer) {
        if (record instanceof DNAMERecord dname
            && record.getDClass() == qclass
            && !record.getName().equals(name)
            && name.subdomain(record.getName())
            && record.getName().subdomain(bailiwick)
            && (best == null || record.getName().labels() > best.getName().labels())) {
          best = dname;
        }
      }
      return best;
    }

    /** Keeps the DNAME and the CNAME it implies for {@code name}; its target, null if too long. */
    private Name synthesize(Name name, DNAMERecord dname) {
      Name target;
      try {
        target = name.fromDNAME(dname);
      } catch (NameTooLongException tooLong) {
        target = null;
      }
      if (!containsSame(kept, dname)) {
        keep(dname);
      }
      if (target == null) {
        return null;
      }
      // RFC 2181 §8: a TTL with the top bit set (dnsjava reads it as is from the wire, but
      // refuses it in a new record) counts as zero.
      long ttl = dname.getTTL() > MAX_TTL ? 0 : dname.getTTL();
      kept.add(new CNAMERecord(name, qclass, ttl, target));
      synthesized = true;
      return target;
    }

    private CNAMERecord cnameOf(Name name) {
      for (Record record : answer) {
        if (record instanceof CNAMERecord cname
            && record.getDClass() == qclass
            && record.getName().equals(name)) {
          return cname;
        }
      }
      return null;
    }

    /** Keeps the records of {@code type} (every type for ANY) owned by {@code name}. */
    private boolean keepOwnedBy(Name name, int type) {
      boolean any = false;
      for (Record record : answer) {
        if ((type == Type.ANY ? record.getType() != Type.RRSIG : record.getType() == type)
            && record.getDClass() == qclass
            && record.getName().equals(name)) {
          keep(record);
          any = true;
        }
      }
      return any;
    }

    private void keep(Record record) {
      kept.add(record);
      keptFromReply++;
    }
  }

  private static List<Record> negativeSoa(
      List<Record> authority, Name last, int qclass, Name bailiwick) {
    for (Record record : authority) {
      if (record.getType() == Type.SOA && inZoneOf(record, last, qclass, bailiwick)) {
        return List.of(record);
      }
    }
    return List.of();
  }

  private static List<Record> zoneNs(
      List<Record> authority, Name last, int qclass, Name bailiwick) {
    List<Record> kept = null;
    for (Record record : authority) {
      if (record.getType() == Type.NS && inZoneOf(record, last, qclass, bailiwick)) {
        if (kept == null) {
          kept = new ArrayList<>(authority.size());
        }
        kept.add(record);
      }
    }
    return kept == null ? List.of() : kept;
  }

  /** Owned by an ancestor-or-self of {@code last} inside the bailiwick, of the question class. */
  private static boolean inZoneOf(Record record, Name last, int qclass, Name bailiwick) {
    Name owner = record.getName();
    return record.getDClass() == qclass && last.subdomain(owner) && owner.subdomain(bailiwick);
  }

  private static List<Record> glue(
      List<Record> additional, List<Record> authority, int qclass, Name bailiwick) {
    if (authority.isEmpty() || additional.isEmpty()) {
      return List.of();
    }
    List<Record> kept = null;
    for (Record record : additional) {
      if ((record.getType() == Type.A || record.getType() == Type.AAAA)
          && record.getDClass() == qclass
          && record.getName().subdomain(bailiwick)
          && isNsTarget(authority, record.getName())) {
        if (kept == null) {
          kept = new ArrayList<>(additional.size());
        }
        kept.add(record);
      }
    }
    return kept == null ? List.of() : kept;
  }

  private static boolean isNsTarget(List<Record> authority, Name name) {
    for (Record record : authority) {
      if (record instanceof NSRecord ns && ns.getTarget().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<ExtendedErrorCodeOption> upstreamErrors(Message reply) {
    OPTRecord opt = reply.getOPT();
    if (opt == null) {
      return List.of();
    }
    List<ExtendedErrorCodeOption> errors = null;
    for (EDNSOption option : opt.getOptions()) {
      if (option instanceof ExtendedErrorCodeOption error) {
        if (errors == null) {
          errors = new ArrayList<>(1);
        }
        errors.add(error);
        if (errors.size() == MAX_UPSTREAM_ERRORS) {
          break;
        }
      }
    }
    return errors == null ? List.of() : errors;
  }

  private static int countNotOpt(List<Record> additional) {
    int count = 0;
    for (Record record : additional) {
      if (record.getType() != Type.OPT) {
        count++;
      }
    }
    return count;
  }

  private static boolean contains(List<Name> names, Name name) {
    for (Name candidate : names) {
      if (candidate.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsSame(List<Record> records, Record record) {
    for (Record candidate : records) {
      if (candidate == record) {
        return true;
      }
    }
    return false;
  }
}
