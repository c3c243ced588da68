package io.isthmus.admin.associations;

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
import io.isthmus.admin.zones.ZoneAccess;
import io.isthmus.admin.zones.ZoneService;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.HostedZone;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * VPC associations of hosted zones, also across accounts, following Route 53's two-step flow: the
 * zone owner authorizes a VPC of any account, then the VPC's owner associates it
 * (docs/spec/admin-api.md "VPC associations"). Thread-safe.
 */
@Service
public class AssociationService {
  /** Route 53's limit on the comment of an association. */
  static final int MAX_COMMENT_LENGTH = 256;

  private static final Paginator<Authorization> PAGES =
      Paginator.byId(Authorization::vpcId, vpcId -> new Authorization(null, vpcId, null));

  private final ConfigStore store;
  private final ChangeService changes;

  public AssociationService(ConfigStore store, ChangeService changes) {
    this.store = store;
    this.changes = changes;
  }

  /**
   * Allows the VPC, whoever owns it, to be associated with the caller's zone. Idempotent. The VPC
   * is looked up whoever owns it, since the zone owner names another account's VPC by design.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public Authorization authorize(
      Caller caller, String zoneId, String vpcId, Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          HostedZone zone = ZoneAccess.owned(w, caller, zoneId);
          requireValid.accept(errors(vpcId, null));
          Vpc vpc = VpcAccess.existing(w, vpcId);
          if (!w.authorizedVpcIds(zone.id()).contains(vpc.id())) {
            w.addAuthorization(zone.id(), vpc.id());
          }
          return new Authorization(zone.id(), vpc.id(), vpc.region());
        });
  }

  /** The zone's authorizations; the page is read once the zone is known visible. */
  public Page<Authorization> authorizations(
      Caller caller, String zoneId, Supplier<PageRequest> page) {
    HostedZone zone = ZoneAccess.readable(store, caller, zoneId);
    PageRequest request = page.get();
    List<Authorization> all =
        store.authorizedVpcIds(zone.id()).stream()
            .map(
                vpcId ->
                    new Authorization(
                        zone.id(), vpcId, store.vpc(vpcId).map(Vpc::region).orElse(null)))
            .toList();
    return PAGES.page(all, request);
  }

  /** Withdraws an authorization; an association made with it stays, as in Route 53. */
  public void revoke(Caller caller, String zoneId, String vpcId) {
    store.write(
        w -> {
          HostedZone zone = ZoneAccess.owned(w, caller, zoneId);
          if (!w.authorizedVpcIds(zone.id()).contains(vpcId)) {
            throw ApiException.notFound(
                "ResourceNotFound",
                "VPC " + vpcId + " is not authorized for hosted zone " + zoneId + ".");
          }
          w.removeAuthorization(zone.id(), vpcId);
          return null;
        });
  }

  /**
   * Associates the caller's VPC with a zone: its own zone, or another account's zone that
   * authorized this VPC. The zone is found by id whoever owns it, as Route 53's
   * AssociateVPCWithHostedZone does; the VPC must be the caller's. The change info carries the
   * names the association hides, in this zone or in the VPC's other zones (see {@link Shadows}).
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public ChangeInfo associate(
      Caller caller,
      String zoneId,
      String vpcId,
      String comment,
      Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          HostedZone zone = ZoneAccess.existing(w, zoneId);
          Vpc named = Visibility.named(vpcId, Ids::isVpcId, id -> VpcAccess.owned(w, caller, id));
          caller.account(); // AccessDenied for the operator, who owns nothing
          if (named != null
              && !caller.owns(zone.accountId())
              && !w.authorizedVpcIds(zone.id()).contains(named.id())) {
            throw ApiException.notAuthorized(
                "The owner of hosted zone "
                    + zoneId
                    + " has not authorized VPC "
                    + vpcId
                    + " to be associated with it.");
          }
          requireValid.accept(errors(vpcId, comment));
          Vpc vpc = Objects.requireNonNull(named);
          // Also refuses a repeated association: the VPC already has a zone of this name, this one.
          ZoneService.requireNoZoneNamed(w, vpc, zone.name());
          w.addAssociation(zone.id(), vpc.id());
          return changes
              .record(w, caller, comment)
              .withWarnings(Shadows.ofZoneAssociation(w, caller, zone, vpc.id()));
        });
  }

  /**
   * Ends an association. Either side may: the zone owner, or the VPC owner (who must be able to
   * stop a zone of another account from answering in its VPC). A zone keeps at least one VPC, since
   * Route 53 private zones must be associated with one (LastVPCAssociation).
   *
   * <p>The zone is found whoever owns it, as in {@link #associate}. The VPC is visible to its
   * owner, to the operator, and to the owner of a zone it is associated with; to anyone else it is
   * not found, so that this call cannot tell another account's VPC from one that does not exist.
   */
  public ChangeInfo disassociate(Caller caller, String zoneId, String vpcId) {
    return store.write(
        w -> {
          HostedZone zone = ZoneAccess.existing(w, zoneId);
          List<String> vpcIds = w.associatedVpcIds(zone.id());
          boolean seenThroughZone = caller.owns(zone.accountId()) && vpcIds.contains(vpcId);
          Vpc vpc =
              seenThroughZone ? VpcAccess.existing(w, vpcId) : VpcAccess.readable(w, caller, vpcId);
          // An account that got this far owns the VPC or the zone; the operator owns neither.
          caller.account();
          if (!vpcIds.contains(vpc.id())) {
            throw ApiException.notFound(
                "ResourceNotFound",
                "VPC " + vpcId + " is not associated with hosted zone " + zoneId + ".");
          }
          if (vpcIds.size() == 1) {
            throw ApiException.conflict(
                "LastVPCAssociation",
                "VPC "
                    + vpcId
                    + " is the last VPC of hosted zone "
                    + zoneId
                    + "; delete the zone instead.");
          }
          w.removeAssociation(zone.id(), vpc.id());
          return changes.record(w, caller, null);
        });
  }

  private static List<FieldError> errors(String vpcId, String comment) {
    List<FieldError> errors = new ArrayList<>();
    if (vpcId == null) {
      errors.add(new FieldError("vpcId", "vpcId is required"));
    } else if (!Ids.isVpcId(vpcId)) {
      errors.add(new FieldError("vpcId", "must be vpc- and 17 hexadecimal digits"));
    }
    if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
      errors.add(new FieldError("comment", "at most " + MAX_COMMENT_LENGTH + " characters"));
    }
    return errors;
  }
}
