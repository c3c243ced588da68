package io.isthmus.admin.vpcs;

import io.isthmus.admin.Ids;
import io.isthmus.admin.addresses.ListenerAddresses;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.Cidr;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/** VPCs (docs/spec/admin-api.md "VPCs"). Thread-safe. */
@Service
public class VpcService {
  private static final Paginator<Vpc> PAGES =
      Paginator.byId(Vpc::id, id -> new Vpc(id, null, null, null, List.of()));

  /** Zones of a VPC in name order, the id breaking ties between equal names of other owners. */
  private static final Paginator<AssociatedZone> ZONE_PAGES =
      new Paginator<>(
          Comparator.comparing(AssociatedZone::name).thenComparing(AssociatedZone::hostedZoneId),
          zone -> zone.name() + "\n" + zone.hostedZoneId(),
          key -> {
            String[] parts = key.split("\n", 2);
            return new AssociatedZone(parts[1], parts[0], null);
          });

  private final ConfigStore store;

  public VpcService(ConfigStore store) {
    this.store = store;
  }

  /**
   * Creates a VPC. Its CIDR blocks may overlap another VPC's, in any region and of any account,
   * only when one of the two has resolver addresses: a VPC without them is found by the source
   * address of a query, which must then name one VPC (docs/spec/resolution.md section 1). Its
   * resolver addresses may not be listened on already, by another VPC or by an endpoint.
   */
  public Vpc create(Caller caller, VpcSpec spec, Consumer<List<FieldError>> requireValid) {
    return create(caller, spec, requireValid, Optional.empty());
  }

  /**
   * Creates a VPC as {@link #create(Caller, VpcSpec, Consumer)} does; one created without resolver
   * addresses gets one from {@code pool} when there is a pool.
   */
  public Vpc create(
      Caller caller,
      VpcSpec spec,
      Consumer<List<FieldError>> requireValid,
      Optional<ResolverAddressPool> pool) {
    Account account = caller.account(); // the operator owns nothing: refused before the input
    requireValid.accept(spec.validate());
    List<Cidr> cidrs = spec.parsedCidrs();
    return store.write(
        w -> {
          List<TargetAddress> addresses =
              spec.addresses().isEmpty() && pool.isPresent()
                  ? List.of(pool.get().allocate(w))
                  : spec.addresses();
          checkNoOverlap(w, account, cidrs, !addresses.isEmpty());
          ListenerAddresses.requireFree(w, account, "resolverAddresses", addresses);
          String id = Ids.unique(Ids::vpcId, candidate -> w.vpc(candidate).isPresent());
          Vpc vpc =
              new Vpc(
                  id,
                  account.id(),
                  spec.name(),
                  spec.region(),
                  cidrs.stream().map(Cidr::toString).toList(),
                  addresses);
          w.insertVpc(vpc);
          return vpc;
        });
  }

  /**
   * Own VPCs; the operator's list holds every VPC. A page is read from the store from the token's
   * place (ids are {@code vpc-} and lower-case hex digits, so the database orders them as {@link
   * #PAGES} does, whatever its collation).
   */
  public Page<Vpc> list(Caller caller, PageRequest request) {
    String from = request.nextToken() == null ? null : PAGES.from(request.nextToken()).id();
    String owner = caller.isOperator() ? null : caller.account().id();
    List<Vpc> read = store.vpcsFrom(owner, from, request.maxItems() + 1);
    if (read.size() <= request.maxItems()) {
      return new Page<>(read, null);
    }
    return new Page<>(
        read.subList(0, request.maxItems()), PAGES.token(read.get(request.maxItems())));
  }

  public Vpc get(Caller caller, String vpcId) {
    return VpcAccess.readable(store, caller, vpcId);
  }

  /**
   * Deletes a VPC that no zone or resolver rule is associated with and that has no resolver
   * endpoints. Authorizations for it go with it: the store removes them with the VPC.
   */
  public void delete(Caller caller, String vpcId) {
    store.write(
        w -> {
          Vpc vpc = VpcAccess.owned(w, caller, vpcId);
          List<String> users = new ArrayList<>();
          if (!w.associatedZoneIds(vpc.id()).isEmpty()) {
            users.add("hosted zones are associated with it");
          }
          if (!w.ruleAssociations(vpc.id()).isEmpty()) {
            users.add("resolver rules are associated with it");
          }
          if (w.endpoints().stream().anyMatch(e -> e.vpcId().equals(vpc.id()))) {
            users.add("it has resolver endpoints");
          }
          if (!users.isEmpty()) {
            throw ApiException.conflict(
                "ResourceInUse", "VPC " + vpcId + " is in use: " + String.join(", ", users) + ".");
          }
          w.deleteVpc(vpc.id());
          return null;
        });
  }

  /**
   * The zones associated with the VPC, whoever owns them: what the VPC's resolver answers from. The
   * page is read once the VPC is known to be visible.
   */
  public Page<AssociatedZone> hostedZones(Caller caller, String vpcId, Supplier<PageRequest> page) {
    Vpc vpc = VpcAccess.readable(store, caller, vpcId);
    PageRequest request = page.get();
    List<AssociatedZone> zones =
        store.associatedZoneIds(vpc.id()).stream()
            .map(store::zone)
            .flatMap(Optional::stream)
            .map(z -> new AssociatedZone(z.id(), z.name(), z.accountId()))
            .toList();
    return ZONE_PAGES.page(zones, request);
  }

  /**
   * Reports each new block that overlaps the block of an existing VPC when neither VPC has resolver
   * addresses. The other VPC is named only if the caller owns it: another account's VPC ids and
   * address plans are not the caller's to learn.
   */
  private static void checkNoOverlap(
      ConfigReader reader, Account account, List<Cidr> cidrs, boolean hasResolverAddresses) {
    if (hasResolverAddresses) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      Cidr cidr = cidrs.get(i);
      for (Vpc other : reader.vpcsOverlapping(cidr)) {
        if (other.hasResolverAddresses()) {
          continue;
        }
        Optional<String> overlapped =
            other.cidrs().stream()
                .filter(text -> Cidr.parse(text).map(cidr::overlaps).orElse(false))
                .findFirst();
        if (overlapped.isPresent()) {
          String message =
              other.accountId().equals(account.id())
                  ? "overlaps " + overlapped.get() + " of VPC " + other.id()
                  : "overlaps a CIDR block of a VPC of another account";
          errors.add(new FieldError("cidrs[" + i + "]", message));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalidRequest(
          "CIDR blocks may not overlap those of another VPC found by source address, in any"
              + " region. A VPC with resolverAddresses may overlap any other: its queries are"
              + " told apart by the address they arrive on.",
          errors);
    }
  }
}
