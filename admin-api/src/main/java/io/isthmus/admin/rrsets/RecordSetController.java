package io.isthmus.admin.rrsets;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.isthmus.config.FieldError;
import io.isthmus.zone.RecordChange;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/hostedzones/{id}/rrsets}: JSON in and out; the rules live in {@link RecordSetService}
 * and the zone module's ChangeBatch.
 */
@RestController
@RequestMapping("/v1/hostedzones/{zoneId}/rrsets")
class RecordSetController {
  private final RecordSetService recordSets;

  RecordSetController(RecordSetService recordSets) {
    this.recordSets = recordSets;
  }

  @GetMapping
  PageJson<RecordSetJson> list(
      Caller caller,
      @PathVariable String zoneId,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        recordSets.list(
            caller, zoneId, () -> RecordSetQuery.parse(name, type, maxItems, nextToken)),
        RecordSetJson::of);
  }

  /**
   * A request that is not a well-formed batch (not JSON, values of the wrong JSON type, no {@code
   * changes} array) is InvalidInput; a well-formed batch with wrong content is InvalidChangeBatch.
   */
  @PostMapping("/changes")
  ChangeJson change(
      Caller caller, @PathVariable String zoneId, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    String comment = in.string("comment");
    List<JsonInput> items = in.objects("changes");
    List<RecordChange> changes = new ArrayList<>();
    if (items != null) {
      for (JsonInput item : items) {
        changes.add(item == null ? null : readChange(item));
      }
    }
    return ChangeJson.of(
        recordSets.change(
            caller,
            zoneId,
            comment,
            changes,
            ruleErrors -> {
              List<FieldError> errors = new ArrayList<>(ruleErrors);
              if (items == null) {
                errors.add(new FieldError("changes", "an array of changes is required"));
              }
              in.requireValid(errors);
            }));
  }

  private static RecordChange readChange(JsonInput item) {
    JsonInput rrset = item.object("rrset");
    return new RecordChange(
        item.string("action"), rrset == null ? null : RecordSetJson.read(rrset));
  }
}
