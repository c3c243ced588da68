package io.isthmus.admin.changes;

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

  /** Any authenticated caller may ask (see {@link ChangeService}). */
  @GetMapping("/v1/changes/{id}")
  ChangeJson get(@PathVariable String id) {
    return ChangeJson.of(changes.get(id));
  }
}
