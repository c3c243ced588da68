package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A batch checked against the record sets {@link ChangeBatch#inScope} of {@link
 * ChangeBatch#namesRead} decides exactly as one checked against the whole zone: the same errors, in
 * the same order, and the same diff. The zones are built by valid batches (stored data is valid);
 * the batches mix CREATE, UPSERT and DELETE of simple, weighted, CNAME and alias record sets over a
 * few names, so that conflicts, missing and chained alias targets, and mismatched deletes are
 * common.
 */
class ChangeBatchScopeProperties {
  private static final String ZONE = "z.test.";
  private static final List<String> NAMES =
      List.of("a.z.test.", "b.z.test.", "c.a.z.test.", "*.z.test.", "x.z.test.", "z.test.");
  private static final List<String> ACTIONS = List.of("CREATE", "UPSERT", "DELETE");

  /** One change: its action, name, kind of record set, a value and an alias target. */
  private record Spec(int action, int name, int kind, int value, int target) {
    RecordChange change() {
      String owner = NAMES.get(name);
      RecordSet rrset =
          switch (kind) {
            case 0 -> RecordSet.simple(owner, "A", 60, List.of("10.0.0." + value));
            case 1 -> RecordSet.simple(owner, "TXT", 60, List.of("\"v" + value + "\""));
            case 2 -> RecordSet.simple(owner, "CNAME", 60, List.of("t" + value + ".example."));
            case 3 ->
                RecordSet.routed(
                    owner,
                    "A",
                    60,
                    List.of("10.0.1." + value),
                    "w" + (value % 2),
                    new RoutingPolicy.Weighted(value),
                    null);
            default ->
                new RecordSet(
                    owner,
                    "A",
                    null,
                    List.of(),
                    null,
                    RoutingPolicy.SIMPLE,
                    null,
                    new AliasTarget(NAMES.get(target), false));
          };
      return new RecordChange(ACTIONS.get(action), rrset);
    }
  }

  @Provide
  Arbitrary<List<RecordChange>> batches() {
    return changes(Arbitraries.integers().between(0, ACTIONS.size() - 1))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  /**
   * Zones grow by UPSERTs, one or two at a time: most longer random batches are rejected, and a
   * zone needs many record sets and aliases to make the property worth checking.
   */
  @Provide
  Arbitrary<List<List<RecordChange>>> histories() {
    return changes(Arbitraries.just(ACTIONS.indexOf("UPSERT")))
        .list()
        .ofMinSize(1)
        .ofMaxSize(2)
        .list()
        .ofMinSize(5)
        .ofMaxSize(40);
  }

  private static Arbitrary<RecordChange> changes(Arbitrary<Integer> actions) {
    return Combinators.combine(
            actions,
            Arbitraries.integers().between(0, NAMES.size() - 1),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, NAMES.size() - 1))
        .as(Spec::new)
        .map(Spec::change);
  }

  @Property(tries = 500)
  void aScopedBatchDecidesAsTheWholeZone(
      @ForAll("histories") List<List<RecordChange>> history,
      @ForAll("batches") List<RecordChange> batch) {
    List<RecordSet> zone = new ArrayList<>(ApexRecords.defaults(ZONE));
    for (List<RecordChange> earlier : history) {
      ChangeBatch.Result result = ChangeBatch.apply(ZONE, zone, earlier, id -> true);
      if (result.ok()) {
        zone = new ArrayList<>(result.recordSets());
      }
    }
    Set<String> names = ChangeBatch.namesRead(ZONE, batch);
    List<RecordSet> scoped =
        zone.stream().filter(rrset -> ChangeBatch.inScope(rrset, names)).toList();

    ChangeBatch.Result whole = ChangeBatch.apply(ZONE, zone, batch, id -> true);
    ChangeBatch.Result part = ChangeBatch.apply(ZONE, scoped, batch, id -> true);

    assertThat(part.errors()).isEqualTo(whole.errors());
    assertThat(part.deleted()).isEqualTo(whole.deleted());
    assertThat(part.put()).isEqualTo(whole.put());
  }
}
