package io.isthmus.admin.rules;

import io.isthmus.admin.auth.Caller;
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
 * {@code /v1/resolver/rules/{id}/associations} and {@code /v1/resolver/rule-associations}: JSON in
 * and out; the rules live in {@link RuleAssociationService}.
 */
@RestController
@RequestMapping("/v1/resolver")
class RuleAssociationController {
  private final RuleAssociationService associations;

  RuleAssociationController(RuleAssociationService associations) {
    this.associations = associations;
  }

  @PostMapping("/rules/{ruleId}/associations")
  @ResponseStatus(HttpStatus.CREATED)
  RuleAssociationJson associate(
      Caller caller, @PathVariable String ruleId, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    String vpcId = in.string("vpcId");
    RuleAssociationService.Associated associated =
        associations.associate(caller, ruleId, vpcId, in::requireValid);
    return RuleAssociationJson.of(associated.association(), associated.warnings());
  }

  @GetMapping("/rule-associations")
  PageJson<RuleAssociationJson> list(
      Caller caller,
      @RequestParam(required = false) String vpcId,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        associations.list(caller, vpcId, PageRequest.parse(maxItems, nextToken)),
        RuleAssociationJson::of);
  }

  @DeleteMapping("/rules/{ruleId}/associations/{vpcId}")
  ResponseEntity<Void> disassociate(
      Caller caller, @PathVariable String ruleId, @PathVariable String vpcId) {
    associations.disassociate(caller, ruleId, vpcId);
    return ResponseEntity.noContent().build();
  }
}
