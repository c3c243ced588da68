package io.isthmus.admin.endpoints;

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

/** {@code /v1/resolver/endpoints}: JSON in and out; the rules live in {@link EndpointService}. */
@RestController
@RequestMapping("/v1/resolver/endpoints")
class EndpointController {
  private final EndpointService endpoints;

  EndpointController(EndpointService endpoints) {
    this.endpoints = endpoints;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = EndpointSpec.class)))
  ResponseEntity<EndpointJson> create(Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    EndpointSpec spec =
        new EndpointSpec(
            in.string("name"),
            in.string("direction"),
            in.string("vpcId"),
            AddressJson.read(in, "ipAddresses"),
            in.strings("allowedSourceCidrs"));
    EndpointView created = endpoints.create(caller, spec, in::requireValid);
    URI location = URI.create("/v1/resolver/endpoints/" + created.endpoint().id());
    return ResponseEntity.created(location).body(EndpointJson.of(created));
  }

  @GetMapping
  PageJson<EndpointJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        endpoints.list(caller, PageRequest.parse(maxItems, nextToken)), EndpointJson::of);
  }

  @GetMapping("/{id}")
  EndpointJson get(Caller caller, @PathVariable String id) {
    return EndpointJson.of(endpoints.get(caller, id));
  }

  /** Renames the endpoint or replaces its addresses: {@code {"name"?,"ipAddresses"?}}. */
  @PatchMapping("/{id}")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = EndpointUpdate.class)))
  EndpointJson update(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    EndpointUpdate update =
        new EndpointUpdate(in.string("name"), AddressJson.read(in, "ipAddresses"));
    return EndpointJson.of(endpoints.update(caller, id, update, in::requireValid));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    endpoints.delete(caller, id);
    return ResponseEntity.noContent().build();
  }
}
