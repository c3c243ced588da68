package io.isthmus.admin.changes;

import io.isthmus.admin.auth.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/changes/{id}}. */
@RestController
class ChangeController {
  private final ChangeService changes;

  ChangeController(ChangeService changes) {
    this.changes = changes;
  }

  /** The account that submitted the change, or the operator (see {@link ChangeService}). */
  @GetMapping("/v1/changes/{id}")
  ChangeJson get(Caller caller, @PathVariable String id) {
    return ChangeJson.of(changes.get(caller, id));
  }
}
