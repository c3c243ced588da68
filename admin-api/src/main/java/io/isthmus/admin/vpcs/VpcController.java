package io.isthmus.admin.vpcs;

import io.isthmus.admin.addresses.AddressJson;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.isthmus.config.Vpc;
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

/** {@code /v1/vpcs}: JSON in and out; the rules live in {@link VpcService}. */
@RestController
@RequestMapping("/v1/vpcs")
class VpcController {
  private final VpcService vpcs;

  VpcController(VpcService vpcs) {
    this.vpcs = vpcs;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = VpcSpec.class)))
  ResponseEntity<Vpc> create(Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    VpcSpec spec =
        new VpcSpec(
            in.string("name"),
            in.string("region"),
            in.strings("cidrs"),
            AddressJson.read(in, "resolverAddresses"));
    Vpc vpc = vpcs.create(caller, spec, in::requireValid);
    return ResponseEntity.created(URI.create("/v1/vpcs/" + vpc.id())).body(vpc);
  }

  @GetMapping
  PageJson<Vpc> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(vpcs.list(caller, PageRequest.parse(maxItems, nextToken)), vpc -> vpc);
  }

  @GetMapping("/{id}")
  Vpc get(Caller caller, @PathVariable String id) {
    return vpcs.get(caller, id);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    vpcs.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/hostedzones")
  PageJson<AssociatedZone> hostedZones(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        vpcs.hostedZones(caller, id, () -> PageRequest.parse(maxItems, nextToken)), zone -> zone);
  }
}
