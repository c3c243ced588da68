package io.isthmus.zone;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Chooses, per query, which record set of one name and type answers (docs/spec/resolution.md
 * section 4). A simple record set has one fixed answer; a routed group (failover, weighted,
 * multivalue answer) picks among its members by their health and weight. Every record set's answer
 * is rendered once, at compile time ({@link Rendered}), so a selection returns one of them; only a
 * multivalue answer that merges a subset other than "all members" renders per query.
 *
 * <p>An alias member ({@code aliasTarget}) holds its target group compiled a second time under the
 * alias's own name (the target's records and TTLs, owned by the alias name, docs/spec/resolution.md
 * section 3), with the target's health signals: the alias is answered by that group's own
 * selection. Aliases never target aliases ({@link ChangeBatch}), so this recursion is one level
 * deep.
 *
 * <p>Immutable and thread-safe. The only state read per query is each record set's {@link
 * HealthSignal} (a volatile read owned by the health module, resolved at compile time so the query
 * path never looks a check up by id) and the caller's random generator, fetched only by the
 * selections that need one.
 */
abstract class RecordSetSelector {
  /** Route 53 answers a multivalue query with at most eight record sets. */
  static final int MULTIVALUE_MAX = 8;

  /**
   * One ready answer: the records with their wire form, and the same as a {@link ZoneAnswer.Cname}
   * when the type is CNAME (answered for every query type but CNAME itself). Immutable.
   */
  record Rendered(ZoneAnswer.Answer answer, ZoneAnswer.Cname cname) {
    static Rendered of(List<Record> records) {
      ZoneAnswer.Cname cname =
          records.get(0).getType() == Type.CNAME
              ? new ZoneAnswer.Cname((CNAMERecord) records.get(0))
              : null;
      return new Rendered(new ZoneAnswer.Answer(records), cname);
    }
  }

  private RecordSetSelector() {}

  /** The answer chosen for this query. */
  abstract Rendered select(Supplier<RandomGenerator> random);

  /**
   * The answer when it can never change (a simple record set, or an alias to one), so the caller
   * can keep it in its zero-allocation path; otherwise null.
   */
  Rendered fixed() {
    return null;
  }

  /**
   * True while at least one record set of the group is healthy: the health of an alias to this
   * group with {@code evaluateTargetHealth} (docs/spec/resolution.md section 3).
   */
  abstract boolean anyHealthy();

  /**
   * One record set of a group, compiled. Either {@code rendered} (a plain record set) or {@code
   * target} (an alias) is set. Immutable.
   */
  static final class Member {
    final String setIdentifier;
    final int weight;
    final boolean primary;
    final List<Record> records;
    private final Rendered rendered;
    private final RecordSetSelector target;
    private final HealthSignal signal;
    private final boolean evaluateTargetHealth;

    private Member(
        String setIdentifier,
        int weight,
        boolean primary,
        List<Record> records,
        RecordSetSelector target,
        HealthSignal signal,
        boolean evaluateTargetHealth) {
      this.setIdentifier = setIdentifier;
      this.weight = weight;
      this.primary = primary;
      this.records = records;
      this.rendered = records == null ? null : Rendered.of(records);
      this.target = target;
      this.signal = signal;
      this.evaluateTargetHealth = evaluateTargetHealth;
    }

    /**
     * A record set with records; {@code weight} and {@code primary} matter only to their policy.
     */
    static Member plain(
        String setIdentifier,
        int weight,
        boolean primary,
        List<Record> records,
        HealthSignal signal) {
      return new Member(setIdentifier, weight, primary, List.copyOf(records), null, signal, false);
    }

    /** An alias, answered by {@code target}: its target group compiled under the alias's name. */
    static Member alias(
        String setIdentifier,
        int weight,
        boolean primary,
        RecordSetSelector target,
        HealthSignal signal,
        boolean evaluateTargetHealth) {
      return new Member(setIdentifier, weight, primary, null, target, signal, evaluateTargetHealth);
    }

    /**
     * The record set's own health check (healthy without one, docs/spec/resolution.md section 4)
     * and, for an alias with {@code evaluateTargetHealth}, its target group's health (section 3).
     */
    boolean healthy() {
      return signal.healthy() && (!evaluateTargetHealth || target.anyHealthy());
    }

    Rendered select(Supplier<RandomGenerator> random) {
      return target == null ? rendered : target.select(random);
    }

    Rendered fixed() {
      return target == null ? rendered : target.fixed();
    }
  }

  /**
   * A simple record set: always answered, whatever its health. A health check on it matters only to
   * an alias with {@code evaluateTargetHealth} that targets it.
   */
  static RecordSetSelector single(Member member) {
    return new Single(member);
  }

  /** A failover group: at most one primary and one secondary (at least one of them). */
  static RecordSetSelector failover(Member primary, Member secondary) {
    if (primary == null && secondary == null) {
      throw new IllegalArgumentException("a failover group needs a member");
    }
    return new Failover(primary, secondary);
  }

  /** A weighted group; weights are 0..255. */
  static RecordSetSelector weighted(List<Member> members) {
    return new Weighted(sorted(members));
  }

  /** A multivalue answer group of plain (non-alias) record sets. */
  static RecordSetSelector multiValue(List<Member> members) {
    return new MultiValue(sorted(members));
  }

  /**
   * Members in set identifier order: the stored order does not matter, and a seeded random gives
   * the same choices for the same group (tests).
   */
  private static Member[] sorted(List<Member> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a routed group needs a member");
    }
    return members.stream()
        .sorted(Comparator.comparing(member -> member.setIdentifier))
        .toArray(Member[]::new);
  }

  private static final class Single extends RecordSetSelector {
    private final Member member;

    Single(Member member) {
      this.member = member;
    }

    @Override
    Rendered select(Supplier<RandomGenerator> random) {
      return member.select(random);
    }

    @Override
    Rendered fixed() {
      return member.fixed();
    }

    @Override
    boolean anyHealthy() {
      return member.healthy();
    }
  }

  /**
   * docs/spec/resolution.md section 4: primary healthy → primary; primary unhealthy and secondary
   * healthy → secondary; both unhealthy → primary. A group with only one of them always answers
   * with it (a primary without a secondary keeps answering, as "both unhealthy" does).
   */
  private static final class Failover extends RecordSetSelector {
    private final Member primary;
    private final Member secondary;

    Failover(Member primary, Member secondary) {
      this.primary = primary;
      this.secondary = secondary;
    }

    @Override
    Rendered select(Supplier<RandomGenerator> random) {
      return choose().select(random);
    }

    private Member choose() {
      if (secondary == null) {
        return primary;
      }
      if (primary == null) {
        return secondary;
      }
      if (primary.healthy()) {
        return primary;
      }
      return secondary.healthy() ? secondary : primary;
    }

    @Override
    boolean anyHealthy() {
      return (primary != null && primary.healthy()) || (secondary != null && secondary.healthy());
    }
  }

  /**
   * docs/spec/resolution.md section 4: one record set at random by weight among the healthy ones;
   * weight-0 sets only when no non-zero set is healthy (then uniformly among the healthy weight-0
   * sets); if none is healthy, by weight among all. When every weight is 0 the sets are equally
   * likely, as Route 53 documents for an all-zero group.
   *
   * <p>One pass over the members, each health read once, no allocation: a weighted reservoir of
   * size one (item i replaces the choice with probability w_i / sum of weights so far) picks among
   * the healthy non-zero sets, a plain reservoir among the healthy weight-0 sets.
   */
  private static final class Weighted extends RecordSetSelector {
    private final Member[] members;

    /** Running sums of all weights, for the "none healthy" choice. */
    private final long[] cumulative;

    Weighted(Member[] members) {
      this.members = members;
      this.cumulative = new long[members.length];
      long total = 0;
      for (int i = 0; i < members.length; i++) {
        if (members[i].weight < 0) {
          throw new IllegalArgumentException("negative weight " + members[i].setIdentifier);
        }
        total += members[i].weight;
        cumulative[i] = total;
      }
    }

    @Override
    Rendered select(Supplier<RandomGenerator> random) {
      return choose(random.get()).select(random);
    }

    private Member choose(RandomGenerator random) {
      long healthyTotal = 0;
      Member byWeight = null;
      int zeroCount = 0;
      Member zero = null;
      for (Member member : members) {
        if (!member.healthy()) {
          continue;
        }
        if (member.weight > 0) {
          healthyTotal += member.weight;
          if (byWeight == null || random.nextLong(healthyTotal) < member.weight) {
            byWeight = member;
          }
        } else if (byWeight == null) {
          // Only needed while no non-zero set is healthy; once one is, weight-0 sets lose.
          zeroCount++;
          if (random.nextInt(zeroCount) == 0) {
            zero = member;
          }
        }
      }
      if (byWeight != null) {
        return byWeight;
      }
      if (zero != null) {
        return zero;
      }
      long total = cumulative[cumulative.length - 1];
      if (total == 0) {
        return members[random.nextInt(members.length)];
      }
      long draw = random.nextLong(total);
      int i = 0;
      while (cumulative[i] <= draw) {
        i++;
      }
      return members[i];
    }

    @Override
    boolean anyHealthy() {
      for (Member member : members) {
        if (member.healthy()) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * docs/spec/resolution.md section 4: min(8, healthy) healthy record sets, a uniformly random
   * subset if more are healthy; none healthy → min(8, total) of all. The records of the chosen sets
   * are merged into one answer, duplicates (same RDATA) removed. An RRset has one TTL (RFC 2181
   * section 5.2): when the chosen sets' TTLs differ, the merged answer carries the lowest.
   *
   * <p>When every set is chosen (at most eight, all healthy or all unhealthy) the answer is the one
   * rendered at compile time; only a proper subset is merged and rendered per query.
   */
  private static final class MultiValue extends RecordSetSelector {
    private final Member[] members;

    /** The merge of all members, when there are at most eight; else null. */
    private final Rendered all;

    MultiValue(Member[] members) {
      for (Member member : members) {
        if (member.records == null) {
          // Route 53 has no multivalue alias records; merging two selections is not defined.
          throw new IllegalArgumentException("a multivalue answer record set cannot be an alias");
        }
        if (member.records.get(0).getType() == Type.CNAME) {
          throw new IllegalArgumentException("a multivalue answer group cannot hold CNAMEs");
        }
      }
      this.members = members;
      this.all = members.length <= MULTIVALUE_MAX ? merge(members, members.length) : null;
    }

    @Override
    Rendered select(Supplier<RandomGenerator> random) {
      if (all != null && allHealthy()) {
        return all;
      }
      int size = Math.min(MULTIVALUE_MAX, members.length);
      Member[] chosen = new Member[size];
      int healthy = 0;
      RandomGenerator generator = null;
      // Reservoir sampling (Vitter's algorithm R): each healthy set ends up chosen with
      // probability size / healthy, every subset of that size equally likely.
      for (Member member : members) {
        if (!member.healthy()) {
          continue;
        }
        if (healthy < size) {
          chosen[healthy] = member;
        } else {
          if (generator == null) {
            generator = random.get();
          }
          int slot = generator.nextInt(healthy + 1);
          if (slot < size) {
            chosen[slot] = member;
          }
        }
        healthy++;
      }
      if (healthy > 0) {
        return merge(chosen, Math.min(healthy, size));
      }
      // None healthy: answer as if all were (docs/spec/resolution.md section 4).
      if (all != null) {
        return all;
      }
      generator = random.get();
      System.arraycopy(members, 0, chosen, 0, size);
      for (int i = size; i < members.length; i++) {
        int slot = generator.nextInt(i + 1);
        if (slot < size) {
          chosen[slot] = members[i];
        }
      }
      return merge(chosen, size);
    }

    private boolean allHealthy() {
      for (Member member : members) {
        if (!member.healthy()) {
          return false;
        }
      }
      return true;
    }

    @Override
    boolean anyHealthy() {
      for (Member member : members) {
        if (member.healthy()) {
          return true;
        }
      }
      return false;
    }

    /** The records of the first {@code count} sets, duplicates removed, with the lowest TTL. */
    private static Rendered merge(Member[] sets, int count) {
      List<Record> records = new ArrayList<>();
      long ttl = Long.MAX_VALUE;
      boolean mixedTtl = false;
      for (int i = 0; i < count; i++) {
        for (Record record : sets[i].records) {
          // Record.equals compares owner, type, class and RDATA, not the TTL.
          if (!records.contains(record)) {
            records.add(record);
          }
          mixedTtl |= ttl != Long.MAX_VALUE && ttl != record.getTTL();
          ttl = Math.min(ttl, record.getTTL());
        }
      }
      if (mixedTtl) {
        for (int i = 0; i < records.size(); i++) {
          Record record = records.get(i);
          records.set(
              i,
              Record.newRecord(
                  record.getName(),
                  record.getType(),
                  DClass.IN,
                  ttl,
                  record.rdataToWireCanonical()));
        }
      }
      return new Rendered(new ZoneAnswer.Answer(records), null);
    }
  }
}
