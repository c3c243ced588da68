package io.isthmus.admin.rules;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
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
 * {@code /v1/resolver/rules/{id}/shares}: JSON in and out; the rules live in {@link
 * RuleShareService}.
 */
@RestController
@RequestMapping("/v1/resolver/rules/{ruleId}/shares")
class RuleShareController {
  private final RuleShareService shares;

  RuleShareController(RuleShareService shares) {
    this.shares = shares;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  RuleShare share(
      Caller caller, @PathVariable String ruleId, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    String accountId = in.string("accountId");
    return shares.share(caller, ruleId, accountId, in::requireValid);
  }

  @GetMapping
  PageJson<RuleShare> list(
      Caller caller,
      @PathVariable String ruleId,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        shares.shares(caller, ruleId, () -> PageRequest.parse(maxItems, nextToken)),
        share -> share);
  }

  @DeleteMapping("/{accountId}")
  ResponseEntity<Void> unshare(
      Caller caller, @PathVariable String ruleId, @PathVariable String accountId) {
    shares.unshare(caller, ruleId, accountId);
    return ResponseEntity.noContent().build();
  }
}
