package io.isthmus.admin.zones;

import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.changes.ChangeInfo;
import io.isthmus.admin.changes.ChangeService;
import io.isthmus.admin.lint.Shadows;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.VpcAccess;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.Vpc;
import io.isthmus.zone.ApexRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/** Private hosted zones (docs/spec/admin-api.md "Private hosted zones"). Thread-safe. */
@Service
public class ZoneService {
  /** Zones in name order, the id breaking ties between equal names. */
  private static final Paginator<HostedZone> PAGES =
      new Paginator<>(
          Comparator.comparing(HostedZone::name).thenComparing(HostedZone::id),
          zone -> zone.name() + "\n" + zone.id(),
          key -> {
            String[] parts = key.split("\n", 2);
            return new HostedZone(parts[1], parts[0], null, null);
          });

  private final ConfigStore store;
  private final ChangeService changes;

  public ZoneService(ConfigStore store, ChangeService changes) {
    this.store = store;
    this.changes = changes;
  }

  /**
   * Creates a zone with its apex SOA and NS record sets, associated with one of the caller's VPCs
   * (Route 53 requires a VPC when creating a private hosted zone). Its change info carries the
   * warnings of the association (see {@link Shadows}): a rule of the VPC for the zone's name, a
   * zone of the VPC whose records the new zone hides.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public CreatedZone create(Caller caller, ZoneSpec spec, Consumer<List<FieldError>> requireValid) {
    return create(caller, spec, null, requireValid);
  }

  /**
   * As {@link #create(Caller, ZoneSpec, Consumer)}, remembering {@code callerReference} (when not
   * null) as Route 53's CreateHostedZone does: a reference the account used before is
   * HostedZoneAlreadyExists (409), and nothing is created.
   */
  public CreatedZone create(
      Caller caller,
      ZoneSpec spec,
      String callerReference,
      Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          // Visibility of the VPC first: another account's VPC is not found, whatever the name.
          Vpc vpc =
              Visibility.named(spec.vpcId(), Ids::isVpcId, id -> VpcAccess.owned(w, caller, id));
          Account account = caller.account();
          requireValid.accept(spec.validate());
          String name = spec.normalizedName();
          requireNoZoneNamed(w, vpc, name);
          if (callerReference != null
              && w.zoneIdByCallerReference(account.id(), callerReference).isPresent()) {
            throw new ApiException(
                409,
                "HostedZoneAlreadyExists",
                "A hosted zone was created with CallerReference " + callerReference + " already.",
                List.of());
          }
          String id = Ids.unique(Ids::zoneId, candidate -> w.zone(candidate).isPresent());
          HostedZone zone = new HostedZone(id, name, account.id(), spec.comment());
          w.insertZone(zone);
          if (callerReference != null) {
            w.insertCallerReference(account.id(), callerReference, id);
          }
          List<RecordSet> apex = ApexRecords.defaults(name);
          apex.forEach(rrset -> w.putRecordSet(id, rrset));
          w.addAssociation(id, vpc.id());
          ChangeInfo change =
              changes
                  .record(w, caller, spec.comment())
                  .withWarnings(Shadows.ofZoneAssociation(w, caller, zone, vpc.id()));
          return new CreatedZone(new ZoneView(zone, List.of(vpc), apex.size()), change);
        });
  }

  /** Own zones; the operator's list holds every zone. */
  public Page<ZoneView> list(Caller caller, PageRequest request) {
    List<HostedZone> visible =
        store.zones().stream().filter(z -> caller.canRead(z.accountId())).toList();
    return PAGES.page(visible, request).map(zone -> view(store, zone));
  }

  public ZoneView get(Caller caller, String zoneId) {
    return view(store, ZoneAccess.readable(store, caller, zoneId));
  }

  /**
   * Replaces the comment of a zone of the caller's (Route 53's UpdateHostedZoneComment): at most
   * {@value ZoneSpec#MAX_COMMENT_LENGTH} characters, null or empty for none.
   */
  public ZoneView updateComment(
      Caller caller, String zoneId, String comment, Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          HostedZone zone = ZoneAccess.owned(w, caller, zoneId);
          List<FieldError> errors = new ArrayList<>();
          if (comment != null && comment.length() > ZoneSpec.MAX_COMMENT_LENGTH) {
            errors.add(
                new FieldError(
                    "comment", "at most " + ZoneSpec.MAX_COMMENT_LENGTH + " characters"));
          }
          requireValid.accept(errors);
          String kept = comment == null || comment.isEmpty() ? null : comment;
          w.updateZoneComment(zone.id(), kept);
          return view(w, new HostedZone(zone.id(), zone.name(), zone.accountId(), kept));
        });
  }

  /**
   * Deletes a zone that holds nothing but its apex SOA and NS, with its associations and
   * authorizations (Route 53 refuses to delete a zone with other record sets: HostedZoneNotEmpty).
   */
  public ChangeInfo delete(Caller caller, String zoneId) {
    return store.write(
        w -> {
          HostedZone zone = ZoneAccess.owned(w, caller, zoneId);
          // Counted, not read: a zone of a million record sets is refused as fast as an empty one.
          long apex =
              w.recordSetsAt(zone.id(), Set.of(zone.name())).stream()
                  .filter(rrset -> isApexSoaOrNs(zone, rrset))
                  .count();
          boolean hasRecords = w.recordSetCount(zone.id()) > apex;
          if (hasRecords) {
            throw ApiException.conflict(
                "HostedZoneNotEmpty",
                "Hosted zone " + zoneId + " has record sets besides its apex SOA and NS.");
          }
          w.deleteZone(zone.id());
          return changes.record(w, caller, null);
        });
  }

  /**
   * A VPC answers one zone per name: {@code ConflictingDomainExists} otherwise, as in Route 53's
   * CreateHostedZone and AssociateVPCWithHostedZone.
   */
  public static void requireNoZoneNamed(ConfigReader reader, Vpc vpc, String name) {
    boolean taken =
        reader.associatedZoneIds(vpc.id()).stream()
            .map(reader::zone)
            .flatMap(Optional::stream)
            .anyMatch(zone -> zone.name().equals(name));
    if (taken) {
      throw ApiException.conflict(
          "ConflictingDomainExists",
          "VPC " + vpc.id() + " is already associated with a hosted zone named " + name + ".");
    }
  }

  private static boolean isApexSoaOrNs(HostedZone zone, RecordSet rrset) {
    return rrset.name().equals(zone.name())
        && (rrset.type().equals("SOA") || rrset.type().equals("NS"));
  }

  private static ZoneView view(ConfigReader reader, HostedZone zone) {
    // One read for the zone's VPCs, not one per VPC (a zone with 100 VPCs took 100 reads, each
    // a transaction of its own).
    return new ZoneView(zone, reader.associatedVpcs(zone.id()), reader.recordSetCount(zone.id()));
  }
}
