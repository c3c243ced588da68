package io.isthmus.admin.rrsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingFields;
import io.isthmus.zone.RecordSetSpec;
import java.util.List;

/**
 * A record set as JSON. The routing fields are left out of simple record sets
 * (docs/spec/admin-api.md "Record sets"); names are absolute with the trailing dot.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecordSetJson(
    String name,
    String type,
    Long ttl,
    List<String> records,
    String setIdentifier,
    String failover,
    Integer weight,
    Boolean multiValueAnswer,
    String region,
    String healthCheckId,
    AliasTargetJson aliasTarget) {

  record AliasTargetJson(String dnsName, boolean evaluateTargetHealth) {}

  static RecordSetJson of(RecordSet rrset) {
    AliasTarget alias = rrset.aliasTarget();
    RoutingFields routing = RoutingFields.of(rrset.routing());
    return new RecordSetJson(
        rrset.name(),
        rrset.type(),
        rrset.ttl(),
        rrset.records(),
        rrset.setIdentifier(),
        routing.failover(),
        routing.weight(),
        routing.multiValueAnswer(),
        routing.region(),
        rrset.healthCheckId(),
        alias == null ? null : new AliasTargetJson(alias.dnsName(), alias.evaluateTargetHealth()));
  }

  /**
   * Reads an rrset object of a change as given: values are checked for their JSON type only, the
   * rest is the change batch's validation (which reads the routing fields as one {@link
   * io.isthmus.config.RoutingPolicy}, reporting each invalid field).
   */
  static RecordSetSpec read(JsonInput in) {
    JsonInput alias = in.object("aliasTarget");
    return new RecordSetSpec(
        in.string("name"),
        in.string("type"),
        in.integer("ttl"),
        in.strings("records"),
        in.string("setIdentifier"),
        new RoutingFields(
            in.string("failover"),
            in.int32("weight"),
            in.bool("multiValueAnswer"),
            in.string("region")),
        in.string("healthCheckId"),
        alias == null ? null : readAlias(alias));
  }

  private static AliasTarget readAlias(JsonInput in) {
    Boolean evaluate = in.bool("evaluateTargetHealth");
    return new AliasTarget(in.string("dnsName"), evaluate != null && evaluate);
  }
}
