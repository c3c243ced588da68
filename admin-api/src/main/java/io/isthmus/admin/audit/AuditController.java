package io.isthmus.admin.audit;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.web.PageJson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit?since=&accountId=&maxItems=&nextToken=}: the audit trail, the operator's
 * whole, an account's own; the rules live in {@link AuditService}.
 */
@RestController
class AuditController {
  private final AuditService audit;

  AuditController(AuditService audit) {
    this.audit = audit;
  }

  @GetMapping("/v1/audit")
  PageJson<AuditJson> list(
      Caller caller,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String accountId,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(audit.list(caller, since, accountId, maxItems, nextToken), AuditJson::of);
  }
}
