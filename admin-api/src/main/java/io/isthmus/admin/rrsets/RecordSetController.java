package io.isthmus.admin.rrsets;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.problem.ApiException;
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
 * and zone-store's ChangeBatch.
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
    List<FieldError> errors = new ArrayList<>();
    RecordSetFilter filter = RecordSetFilter.parse(name, type, errors);
    PageRequest page = PageRequest.parse(maxItems, nextToken, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    return PageJson.of(recordSets.list(caller, zoneId, filter, page), RecordSetJson::of);
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
    in.requireValid(
        items == null
            ? List.of(new FieldError("changes", "an array of changes is required"))
            : List.of());
    return ChangeJson.of(recordSets.change(caller, zoneId, comment, changes));
  }

  private static RecordChange readChange(JsonInput item) {
    JsonInput rrset = item.object("rrset");
    return new RecordChange(
        item.string("action"), rrset == null ? null : RecordSetJson.read(rrset));
  }
}
