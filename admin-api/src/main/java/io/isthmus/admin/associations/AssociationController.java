package io.isthmus.admin.associations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/hostedzones/{id}/authorizations} and {@code .../associations}: JSON in and out; the
 * rules live in {@link AssociationService}.
 */
@RestController
@RequestMapping("/v1/hostedzones/{zoneId}")
class AssociationController {
  private final AssociationService associations;

  AssociationController(AssociationService associations) {
    this.associations = associations;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AuthorizationJson(String hostedZoneId, String vpcId, String region) {
    static AuthorizationJson of(Authorization authorization) {
      return new AuthorizationJson(
          authorization.hostedZoneId(), authorization.vpcId(), authorization.region());
    }
  }

  @PostMapping("/authorizations")
  @ResponseStatus(HttpStatus.CREATED)
  AuthorizationJson authorize(
      Caller caller, @PathVariable String zoneId, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    String vpcId = in.string("vpcId");
    return AuthorizationJson.of(associations.authorize(caller, zoneId, vpcId, in::requireValid));
  }

  @GetMapping("/authorizations")
  PageJson<AuthorizationJson> authorizations(
      Caller caller,
      @PathVariable String zoneId,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        associations.authorizations(caller, zoneId, () -> PageRequest.parse(maxItems, nextToken)),
        AuthorizationJson::of);
  }

  @DeleteMapping("/authorizations/{vpcId}")
  ResponseEntity<Void> revoke(
      Caller caller, @PathVariable String zoneId, @PathVariable String vpcId) {
    associations.revoke(caller, zoneId, vpcId);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/associations")
  ChangeJson associate(
      Caller caller, @PathVariable String zoneId, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    String vpcId = in.string("vpcId");
    String comment = in.string("comment");
    return ChangeJson.of(associations.associate(caller, zoneId, vpcId, comment, in::requireValid));
  }

  @DeleteMapping("/associations/{vpcId}")
  ChangeJson disassociate(Caller caller, @PathVariable String zoneId, @PathVariable String vpcId) {
    return ChangeJson.of(associations.disassociate(caller, zoneId, vpcId));
  }
}
