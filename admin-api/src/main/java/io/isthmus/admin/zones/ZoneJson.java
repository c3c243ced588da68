package io.isthmus.admin.zones;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.changes.ChangeInfo;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.admin.lint.LintWarning;
import io.isthmus.config.Vpc;
import java.util.List;

/**
 * A hosted zone as JSON: {@code {"id","name","accountId","comment","vpcs":[{"vpcId","region"}],
 * "recordSetCount"}}, plus {@code "change"} in the answer to its creation, and {@code "warnings"}
 * there when its association with the VPC hides names (left out when none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ZoneJson(
    String id,
    String name,
    String accountId,
    String comment,
    List<VpcRef> vpcs,
    int recordSetCount,
    ChangeJson change,
    List<LintWarning> warnings) {

  record VpcRef(String vpcId, String region) {
    static VpcRef of(Vpc vpc) {
      return new VpcRef(vpc.id(), vpc.region());
    }
  }

  static ZoneJson of(ZoneView view) {
    return of(view, null, List.of());
  }

  /** The warnings of the creation go with the zone, not inside its change. */
  static ZoneJson of(CreatedZone created) {
    ChangeInfo change = created.change();
    return of(created.zone(), ChangeJson.of(change.withWarnings(List.of())), change.warnings());
  }

  private static ZoneJson of(ZoneView view, ChangeJson change, List<LintWarning> warnings) {
    return new ZoneJson(
        view.zone().id(),
        view.zone().name(),
        view.zone().accountId(),
        view.zone().comment(),
        view.vpcs().stream().map(VpcRef::of).toList(),
        view.recordSetCount(),
        change,
        warnings.isEmpty() ? null : warnings);
  }
}
