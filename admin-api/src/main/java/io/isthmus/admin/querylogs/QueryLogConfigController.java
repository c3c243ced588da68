package io.isthmus.admin.querylogs;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
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
 * {@code /v1/resolver/query-log-configs} and their {@code associations}: JSON in and out; the rules
 * live in {@link QueryLogConfigService}.
 */
@RestController
@RequestMapping("/v1/resolver/query-log-configs")
class QueryLogConfigController {
  private final QueryLogConfigService configs;

  QueryLogConfigController(QueryLogConfigService configs) {
    this.configs = configs;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = QueryLogConfigSpec.class)))
  ResponseEntity<QueryLogConfigJson> create(
      Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    QueryLogConfigSpec spec = new QueryLogConfigSpec(in.string("name"), in.string("destination"));
    in.requireValid(spec.validate(caller.isOperator()));
    QueryLogConfigView created = configs.create(caller, spec);
    URI location = URI.create("/v1/resolver/query-log-configs/" + created.config().id());
    return ResponseEntity.created(location).body(QueryLogConfigJson.of(created));
  }

  @GetMapping
  PageJson<QueryLogConfigJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        configs.list(caller, PageRequest.parse(maxItems, nextToken)), QueryLogConfigJson::of);
  }

  @GetMapping("/{id}")
  QueryLogConfigJson get(Caller caller, @PathVariable String id) {
    return QueryLogConfigJson.of(configs.get(caller, id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    configs.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/associations")
  @ResponseStatus(HttpStatus.CREATED)
  QueryLogAssociationJson associate(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    String vpcId = in.string("vpcId");
    return QueryLogAssociationJson.of(configs.associate(caller, id, vpcId, in::requireValid));
  }

  @GetMapping("/{id}/associations")
  PageJson<QueryLogAssociationJson> associations(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        configs.associations(caller, id, () -> PageRequest.parse(maxItems, nextToken)),
        QueryLogAssociationJson::of);
  }

  @DeleteMapping("/{id}/associations/{vpcId}")
  ResponseEntity<Void> disassociate(
      Caller caller, @PathVariable String id, @PathVariable String vpcId) {
    configs.disassociate(caller, id, vpcId);
    return ResponseEntity.noContent().build();
  }
}
