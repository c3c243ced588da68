package io.isthmus.admin.rules;

import io.isthmus.admin.addresses.AddressJson;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v1/resolver/rules}: JSON in and out; the rules live in {@link RuleService}. */
@RestController
@RequestMapping("/v1/resolver/rules")
class RuleController {
  private final RuleService rules;

  RuleController(RuleService rules) {
    this.rules = rules;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = RuleSpec.class)))
  ResponseEntity<RuleJson> create(Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    RuleSpec spec =
        new RuleSpec(
            in.string("name"),
            in.string("domainName"),
            in.string("ruleType"),
            AddressJson.read(in, "targetIps"),
            in.string("resolverEndpointId"),
            in.string("region"));
    RuleView created = rules.create(caller, spec, in::requireValid);
    URI location = URI.create("/v1/resolver/rules/" + created.rule().id());
    return ResponseEntity.created(location).body(RuleJson.of(created));
  }

  @GetMapping
  PageJson<RuleJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(rules.list(caller, PageRequest.parse(maxItems, nextToken)), RuleJson::of);
  }

  @GetMapping("/{id}")
  RuleJson get(Caller caller, @PathVariable String id) {
    return RuleJson.of(rules.get(caller, id));
  }

  @PatchMapping("/{id}")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = RuleUpdate.class)))
  RuleJson update(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    RuleUpdate update =
        new RuleUpdate(
            in.string("name"), AddressJson.read(in, "targetIps"), in.string("resolverEndpointId"));
    return RuleJson.of(rules.update(caller, id, update, in::requireValid));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    rules.delete(caller, id);
    return ResponseEntity.noContent().build();
  }
}
