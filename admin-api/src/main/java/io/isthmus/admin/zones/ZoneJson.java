package io.isthmus.admin.zones;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.config.Vpc;
import java.util.List;

/**
 * A hosted zone as JSON: {@code {"id","name","accountId","comment","vpcs":[{"vpcId","region"}],
 * "recordSetCount"}}, plus {@code "change"} in the answer to its creation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ZoneJson(
    String id,
    String name,
    String accountId,
    String comment,
    List<VpcRef> vpcs,
    int recordSetCount,
    ChangeJson change) {

  record VpcRef(String vpcId, String region) {
    static VpcRef of(Vpc vpc) {
      return new VpcRef(vpc.id(), vpc.region());
    }
  }

  static ZoneJson of(ZoneView view) {
    return of(view, null);
  }

  static ZoneJson of(CreatedZone created) {
    return of(created.zone(), ChangeJson.of(created.change()));
  }

  private static ZoneJson of(ZoneView view, ChangeJson change) {
    return new ZoneJson(
        view.zone().id(),
        view.zone().name(),
        view.zone().accountId(),
        view.zone().comment(),
        view.vpcs().stream().map(VpcRef::of).toList(),
        view.recordSetCount(),
        change);
  }
}
