package io.isthmus.admin.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.isthmus.config.Account;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.springframework.http.HttpStatus;
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

/** {@code /v1/accounts}: JSON in and out; the rules live in {@link AccountService}. */
@RestController
@RequestMapping("/v1/accounts")
class AccountController {
  private final AccountService accounts;
  private final AccountOffboarding offboarding;

  AccountController(AccountService accounts, AccountOffboarding offboarding) {
    this.accounts = accounts;
    this.offboarding = offboarding;
  }

  /** An account as listed: its token is never shown again after creation. */
  record AccountJson(String id, String name) {
    static AccountJson of(Account account) {
      return new AccountJson(account.id(), account.name());
    }
  }

  record TokenJson(String id, String name, String token) {
    static TokenJson of(IssuedToken issued) {
      return new TokenJson(issued.account().id(), issued.account().name(), issued.token());
    }

    /** Spring MVC logs the bodies it writes at DEBUG level: the token must not be among them. */
    @Override
    public String toString() {
      return "TokenJson[id=" + id + ", name=" + name + ", token=****]";
    }
  }

  /** {@code /me}: the operator is no account, so it is answered with a flag instead. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MeJson(String id, String name, Boolean operator) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = AccountSpec.class)))
  TokenJson create(Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    AccountSpec spec = new AccountSpec(in.string("id"), in.string("name"));
    return TokenJson.of(accounts.create(caller, spec, in::requireValid));
  }

  @GetMapping
  PageJson<AccountJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    caller.requireOperator(); // before the parameters are read: who may call comes first
    return PageJson.of(
        accounts.list(caller, PageRequest.parse(maxItems, nextToken)), AccountJson::of);
  }

  @GetMapping("/me")
  MeJson me(Caller caller) {
    if (caller.isOperator()) {
      return new MeJson(null, null, true);
    }
    return new MeJson(caller.account().id(), caller.account().name(), null);
  }

  /** What offboarding removed: counts by kind of resource, in the order they were removed. */
  record RemovedJson(String accountId, Map<String, Integer> removed) {}

  @DeleteMapping("/{id}/resources")
  RemovedJson removeResources(Caller caller, @PathVariable String id) {
    AccountOffboarding.Removed removed = offboarding.removeResources(caller, id);
    return new RemovedJson(removed.accountId(), removed.counts());
  }

  @PostMapping("/{id}/token")
  TokenJson rotateToken(Caller caller, @PathVariable String id) {
    return TokenJson.of(accounts.rotateToken(caller, id));
  }
}
