package io.isthmus.admin.zones;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v1/hostedzones}: JSON in and out; the rules live in {@link ZoneService}. */
@RestController
@RequestMapping("/v1/hostedzones")
class ZoneController {
  private final ZoneService zones;

  ZoneController(ZoneService zones) {
    this.zones = zones;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = ZoneSpec.class)))
  ResponseEntity<ZoneJson> create(Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    ZoneSpec spec = new ZoneSpec(in.string("name"), in.string("vpcId"), in.string("comment"));
    CreatedZone created = zones.create(caller, spec, in::requireValid);
    URI location = URI.create("/v1/hostedzones/" + created.zone().zone().id());
    return ResponseEntity.created(location).body(ZoneJson.of(created));
  }

  @GetMapping
  PageJson<ZoneJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(zones.list(caller, PageRequest.parse(maxItems, nextToken)), ZoneJson::of);
  }

  @GetMapping("/{id}")
  ZoneJson get(Caller caller, @PathVariable String id) {
    return ZoneJson.of(zones.get(caller, id));
  }

  /** Answers change info with 200, as Route 53's DeleteHostedZone does. */
  @DeleteMapping("/{id}")
  ChangeJson delete(Caller caller, @PathVariable String id) {
    return ChangeJson.of(zones.delete(caller, id));
  }
}
