package io.isthmus.admin.rrsets;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeInfo;
import io.isthmus.admin.changes.ChangeService;
import io.isthmus.admin.lint.Shadows;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.zones.ZoneAccess;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.zone.ChangeBatch;
import io.isthmus.zone.RecordChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.xbill.DNS.Type;

/**
 * Record sets of a hosted zone: listing and change batches (docs/spec/admin-api.md "Record sets").
 */
@Service
public class RecordSetService {
  /** Route 53's limit on the comment of a change batch. */
  static final int MAX_COMMENT_LENGTH = 256;

  /**
   * The token holds the name, type and (for routed sets) set identifier of the next record set,
   * like Route 53's NextRecordName/NextRecordType/NextRecordIdentifier. Names and types contain no
   * line feed in presentation format, so it separates the parts.
   */
  private static final Paginator<RecordSet> PAGES =
      new Paginator<>(
          CanonicalOrder.RECORD_SETS,
          rrset ->
              rrset.name()
                  + "\n"
                  + rrset.type()
                  + (rrset.setIdentifier() == null ? "" : "\n" + rrset.setIdentifier()),
          key -> {
            String[] parts = key.split("\n", 3);
            String setIdentifier = parts.length == 3 ? parts[2] : null;
            // A probe compared by name, type and set identifier only: its policy is a placeholder.
            RoutingPolicy placeholder =
                setIdentifier == null ? RoutingPolicy.SIMPLE : RoutingPolicy.MULTI_VALUE;
            return new RecordSet(
                parts[0], parts[1], null, null, setIdentifier, placeholder, null, null);
          });

  private final ConfigStore store;
  private final ChangeService changes;

  public RecordSetService(ConfigStore store, ChangeService changes) {
    this.store = store;
    this.changes = changes;
  }

  /**
   * The zone's record sets; the query parameters are read once the zone is known visible. A page
   * costs what it holds, whatever the size of the zone: the record sets of one name are read by it,
   * a page of the whole zone from where the token says ({@link ConfigReader#recordSetsInOrder}).
   */
  public Page<RecordSet> list(Caller caller, String zoneId, Supplier<RecordSetQuery> parameters) {
    HostedZone zone = ZoneAccess.readable(store, caller, zoneId);
    RecordSetQuery query = parameters.get();
    RecordSetFilter filter = query.filter();
    if (filter.name() != null) {
      List<RecordSet> atName =
          store.recordSetsAt(zone.id(), Set.of(filter.name())).stream()
              .filter(filter::matches)
              .toList();
      return PAGES.page(atName, query.page());
    }
    return page(zone.id(), filter.type(), query.page());
  }

  /**
   * A page of the zone's record sets in {@link CanonicalOrder}, read from the store batch by batch
   * from the token's place: the store orders by name and type, and the set identifiers of one name
   * and type are put in order here.
   */
  private Page<RecordSet> page(String zoneId, String type, PageRequest request) {
    RecordSet from = request.nextToken() == null ? null : PAGES.from(request.nextToken());
    String fromName = from == null ? null : from.name();
    int fromType = from == null ? 0 : Type.value(from.type());
    int wanted = request.maxItems() + 1; // one more tells whether there is a next page
    List<RecordSet> items = new ArrayList<>();
    while (items.size() < wanted) {
      int limit = wanted - items.size();
      List<RecordSet> batch =
          store.recordSetsInOrder(zoneId, fromName, fromType, type, limit).stream()
              .sorted(CanonicalOrder.RECORD_SETS)
              .toList();
      for (RecordSet rrset : batch) {
        if (from == null || CanonicalOrder.RECORD_SETS.compare(rrset, from) >= 0) {
          items.add(rrset);
        }
      }
      if (batch.size() < limit) {
        break; // the zone ends here
      }
      RecordSet last = batch.get(batch.size() - 1);
      fromName = last.name();
      fromType = Type.value(last.type()) + 1;
    }
    if (items.size() <= request.maxItems()) {
      return new Page<>(items, null);
    }
    return new Page<>(
        items.subList(0, request.maxItems()), PAGES.token(items.get(request.maxItems())));
  }

  /**
   * Applies a change batch all or nothing. The record sets it can affect (at its names, and the
   * aliases that target them: {@link ChangeBatch#namesRead}) are read, checked and written in one
   * serialized store transaction, whatever the size of the zone, so concurrent batches cannot
   * interleave and a rejected batch writes nothing, as with Route 53's ChangeResourceRecordSets.
   * The change info warns of record sets put under a name that a rule or a more specific zone
   * answers in one of the zone's VPCs (see {@link Shadows}). The zone is checked first, then the
   * shape of the request, then the batch's content.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public ChangeInfo change(
      Caller caller,
      String zoneId,
      String comment,
      List<RecordChange> recordChanges,
      Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          HostedZone zone = ZoneAccess.owned(w, caller, zoneId);
          requireValid.accept(
              comment != null && comment.length() > MAX_COMMENT_LENGTH
                  ? List.of(
                      new FieldError("comment", "at most " + MAX_COMMENT_LENGTH + " characters"))
                  : List.of());
          List<RecordSet> read =
              w.recordSetsAt(zone.id(), ChangeBatch.namesRead(zone.name(), recordChanges));
          ChangeBatch.Result result =
              ChangeBatch.apply(
                  zone.name(), read, recordChanges, ownHealthCheck(w, zone.accountId()));
          if (!result.ok()) {
            throw new ApiException(
                400,
                "InvalidChangeBatch",
                "The change batch was rejected as a whole: "
                    + result.errors().size()
                    + " problem(s).",
                result.errors());
          }
          BatchWrites.store(w, zone.id(), read, result);
          List<String> putNames = result.put().stream().map(RecordSet::name).distinct().toList();
          return changes
              .record(w, caller, comment)
              .withWarnings(Shadows.ofRecordSets(w, caller, zone, putNames));
        });
  }

  /**
   * Whether an id names a health check of the zone's owner, read in the batch's own transaction so
   * that a check deleted meanwhile cannot slip in. Another account's check reads as unknown, as it
   * does everywhere else: its id reveals nothing, and no zone may follow a check its owner cannot
   * manage. Each id is looked up once per batch, however many record sets name it.
   */
  private static Predicate<String> ownHealthCheck(ConfigReader reader, String ownerAccountId) {
    Map<String, Boolean> known = new HashMap<>();
    return id ->
        known.computeIfAbsent(
            id,
            unknown ->
                reader
                    .healthCheck(unknown)
                    .filter(check -> check.accountId().equals(ownerAccountId))
                    .isPresent());
  }
}
