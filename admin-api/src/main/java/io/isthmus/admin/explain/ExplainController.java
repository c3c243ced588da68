package io.isthmus.admin.explain;

import io.isthmus.admin.auth.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/resolver/explain?vpcId=…|sourceIp=…&name=…&type=A}: how this node would resolve a
 * query now. Reads the parameters; the visibility rules live in {@link ExplainService}.
 */
@RestController
class ExplainController {
  private final ExplainService explain;

  ExplainController(ExplainService explain) {
    this.explain = explain;
  }

  @GetMapping("/v1/resolver/explain")
  ExplainJson explain(
      Caller caller,
      @RequestParam(required = false) String vpcId,
      @RequestParam(required = false) String sourceIp,
      @RequestParam(required = false) String listener,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String type) {
    return explain.explain(
        caller, vpcId, () -> ExplainQuery.parse(vpcId, sourceIp, listener, name, type));
  }
}
