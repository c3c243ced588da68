package io.isthmus.admin.healthchecks;

import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Type;
import io.isthmus.config.HealthCheckOrigin;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Health checks (docs/spec/admin-api.md "Health checks and metrics", docs/spec/health.md). A write
 * validates the fields and the children of a calculated check together, inside its store
 * transaction, so that every problem shows in one answer and a child cannot vanish between the
 * check and the write. Thread-safe.
 */
@Service
public class HealthCheckService {
  private static final Paginator<HealthCheck> PAGES =
      Paginator.byId(
          HealthCheck::id,
          id -> new HealthCheck(id, null, null, null, null, null, null, 0, 0, null, false, false));

  /** How many users of a check a ResourceInUse message names before it says "and n more". */
  private static final int USERS_NAMED = 5;

  private final ConfigStore store;
  private final HealthStatuses statuses;

  public HealthCheckService(ConfigStore store, HealthStatuses statuses) {
    this.store = store;
    this.statuses = statuses;
  }

  /**
   * Creates a check of the caller's.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public HealthCheck create(
      Caller caller, HealthCheckSpec spec, Consumer<List<FieldError>> requireValid) {
    Account account = caller.account();
    return store.write(
        w -> {
          List<FieldError> errors = new ArrayList<>(spec.validate());
          errors.addAll(childErrors(w, account, spec));
          requireValid.accept(errors);
          String id =
              Ids.unique(() -> UUID.randomUUID().toString(), c -> w.healthCheck(c).isPresent());
          HealthCheck check = spec.toHealthCheck(id, account.id());
          w.insertHealthCheck(check);
          return check;
        });
  }

  /**
   * As {@link #create(Caller, HealthCheckSpec, Consumer)}, recording how Route 53's
   * CreateHealthCheck made the check in the same write: its {@code callerReference} and the alarm
   * it follows. A reference the account used before answers a retry as Route 53 does: the check
   * made with it when {@code spec} and the alarm make the same check again, else
   * HealthCheckAlreadyExists (409), and nothing is created.
   *
   * @param alarmRegion with {@code alarmName}, the CloudWatch alarm whose condition the METRIC
   *     check copied; both null for the other types
   */
  public HealthCheck create(
      Caller caller,
      HealthCheckSpec spec,
      String callerReference,
      String alarmRegion,
      String alarmName,
      Consumer<List<FieldError>> requireValid) {
    Account account = caller.account();
    return store.write(
        w -> {
          List<FieldError> errors = new ArrayList<>(spec.validate());
          errors.addAll(childErrors(w, account, spec));
          requireValid.accept(errors);
          Optional<String> used = w.healthCheckIdByCallerReference(account.id(), callerReference);
          if (used.isPresent()) {
            return sameCheckAgain(w, used.get(), spec, alarmRegion, alarmName)
                .orElseThrow(
                    () ->
                        new ApiException(
                            409,
                            "HealthCheckAlreadyExists",
                            "A health check was created with CallerReference "
                                + callerReference
                                + " already, with other settings.",
                            List.of()));
          }
          String id =
              Ids.unique(() -> UUID.randomUUID().toString(), c -> w.healthCheck(c).isPresent());
          HealthCheck check = spec.toHealthCheck(id, account.id());
          w.insertHealthCheck(check);
          w.insertHealthCheckOrigin(
              new HealthCheckOrigin(id, account.id(), callerReference, alarmRegion, alarmName));
          return check;
        });
  }

  /** The check made with a reused reference, if the request would make the very same one. */
  private static Optional<HealthCheck> sameCheckAgain(
      ConfigReader reader, String id, HealthCheckSpec spec, String alarmRegion, String alarmName) {
    Optional<HealthCheck> existing = reader.healthCheck(id);
    Optional<HealthCheckOrigin> origin = reader.healthCheckOrigin(id);
    if (existing.isEmpty() || origin.isEmpty()) {
      return Optional.empty();
    }
    boolean sameAlarm =
        Objects.equals(origin.get().alarmRegion(), alarmRegion)
            && Objects.equals(origin.get().alarmName(), alarmName);
    boolean sameCheck = spec.toHealthCheck(id, existing.get().accountId()).equals(existing.get());
    return sameAlarm && sameCheck ? existing : Optional.empty();
  }

  /** Own checks; the operator's list holds every check. */
  public Page<HealthCheck> list(Caller caller, PageRequest request) {
    List<HealthCheck> visible =
        store.healthChecks().stream().filter(c -> caller.canRead(c.accountId())).toList();
    return PAGES.page(visible, request);
  }

  public HealthCheck get(Caller caller, String healthCheckId) {
    return HealthCheckAccess.readable(store, caller, healthCheckId);
  }

  /**
   * Changes a check of the caller's: the fields {@code patch} gives replace the stored ones, and
   * the result is validated as a create would be. The type never changes: record sets and
   * calculated parents were checked against it.
   *
   * @param patch the fields to change; its {@code type}, if given, must be the check's
   */
  public HealthCheck update(
      Caller caller,
      String healthCheckId,
      HealthCheckSpec patch,
      Consumer<List<FieldError>> requireValid) {
    return update(caller, healthCheckId, (reader, current) -> patch, requireValid);
  }

  /**
   * As {@link #update(Caller, String, HealthCheckSpec, Consumer)}, the patch made inside the write
   * from the check as it is then, so that nothing changes it in between: Route 53's
   * UpdateHealthCheck names parts of a probe URL and may name the version it read.
   *
   * @param patchOf the patch for the current check, given the write: it may write what goes with
   *     the patch (undone if the update is refused) and throw an ApiException to refuse it
   */
  public HealthCheck update(
      Caller caller,
      String healthCheckId,
      BiFunction<ConfigWriter, HealthCheck, HealthCheckSpec> patchOf,
      Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          // Visibility first: the operator learns it may not change a check that exists.
          HealthCheck current = HealthCheckAccess.owned(w, caller, healthCheckId);
          Account account = caller.account();
          HealthCheckSpec patch = patchOf.apply(w, current);
          HealthCheckSpec patched = HealthCheckSpec.of(current).patchedWith(patch);
          List<FieldError> errors = new ArrayList<>();
          if (patch.type() != null && !patch.type().equals(current.type().name())) {
            errors.add(
                new FieldError(
                    "type",
                    "a health check's type cannot change (it is "
                        + current.type()
                        + "); create a new check"));
          }
          errors.addAll(patched.validate());
          errors.addAll(childErrors(w, account, patched));
          requireValid.accept(errors);
          HealthCheck updated = patched.toHealthCheck(current.id(), current.accountId());
          w.updateHealthCheck(updated);
          return updated;
        });
  }

  /**
   * Deletes a check of the caller's that no record set of the caller's zones names and no
   * calculated check counts as a child.
   */
  public void delete(Caller caller, String healthCheckId) {
    store.write(
        w -> {
          HealthCheck check = HealthCheckAccess.owned(w, caller, healthCheckId);
          List<String> users = users(w, check);
          if (!users.isEmpty()) {
            String named = String.join(", ", users.subList(0, Math.min(USERS_NAMED, users.size())));
            String more =
                users.size() > USERS_NAMED ? " and " + (users.size() - USERS_NAMED) + " more" : "";
            throw ApiException.conflict(
                "ResourceInUse",
                "Health check "
                    + check.id()
                    + " is used by "
                    + named
                    + more
                    + "; change or delete them first.");
          }
          w.deleteHealthCheck(check.id());
          return null;
        });
  }

  /** The status as the evaluator reports it, for the owner or the operator. */
  public HealthStatusView status(Caller caller, String healthCheckId) {
    return statuses.statusOf(HealthCheckAccess.readable(store, caller, healthCheckId));
  }

  /**
   * Each child of a calculated spec that is not a check of the caller's, or is a calculated one
   * (docs/spec/health.md: children cannot be calculated checks, so there are no cycles either).
   * Another account's check reads as missing, so its id reveals nothing.
   */
  private static List<FieldError> childErrors(
      ConfigReader reader, Account account, HealthCheckSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (!spec.checksCalculated() || spec.calculated().childHealthChecks() == null) {
      return errors;
    }
    List<String> children = spec.calculated().childHealthChecks();
    if (children.stream().noneMatch(HealthCheckSpec::isHealthCheckId)) {
      return errors;
    }
    Map<String, HealthCheck> own =
        reader.healthChecks().stream()
            .filter(c -> c.accountId().equals(account.id()))
            .collect(Collectors.toMap(HealthCheck::id, Function.identity()));
    for (int i = 0; i < children.size(); i++) {
      String child = children.get(i);
      if (!HealthCheckSpec.isHealthCheckId(child)) {
        continue; // reported by the spec
      }
      String field = "calculated.childHealthChecks[" + i + "]";
      HealthCheck found = own.get(child);
      if (found == null) {
        errors.add(new FieldError(field, "no such health check"));
      } else if (found.type() == Type.CALCULATED) {
        errors.add(
            new FieldError(field, "is a CALCULATED check; children cannot be calculated checks"));
      }
    }
    return errors;
  }

  /**
   * What names the check: record sets in the owner's zones (only the owner's checks can be named
   * there) and calculated checks counting it as a child.
   */
  private static List<String> users(ConfigReader reader, HealthCheck check) {
    List<String> users = new ArrayList<>();
    for (HostedZone zone : reader.zones()) {
      if (!zone.accountId().equals(check.accountId())) {
        continue;
      }
      for (RecordSet rrset : reader.recordSets(zone.id())) {
        if (check.id().equals(rrset.healthCheckId())) {
          String identifier = rrset.setIdentifier() == null ? "" : " " + rrset.setIdentifier();
          users.add(
              "record set "
                  + rrset.name()
                  + " "
                  + rrset.type()
                  + identifier
                  + " of hosted zone "
                  + zone.id());
        }
      }
    }
    for (HealthCheck other : reader.healthChecks()) {
      if (other.calculated() != null
          && other.calculated().childHealthChecks().contains(check.id())) {
        users.add("calculated health check " + other.id());
      }
    }
    return users;
  }
}
