package io.isthmus.admin.aws.keys;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.config.AwsAccessKey;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v1/accounts/{id}/aws-keys}: the operator's; the rules live in {@link AwsKeyService}. */
@RestController
@RequestMapping("/v1/accounts/{accountId}/aws-keys")
class AwsKeyController {
  private final AwsKeyService keys;

  AwsKeyController(AwsKeyService keys) {
    this.keys = keys;
  }

  record IssuedJson(String accessKeyId, String secretAccessKey) {
    /** Spring MVC logs the bodies it writes at DEBUG level: the secret must not be among them. */
    @Override
    public String toString() {
      return "IssuedJson[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }

  record KeyJson(String accessKeyId, Instant createdAt) {
    static KeyJson of(AwsAccessKey key) {
      return new KeyJson(key.accessKeyId(), key.createdAt());
    }
  }

  record KeysJson(List<KeyJson> items) {}

  /** An empty body issues a new pair; one with both fields imports it. */
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  IssuedJson create(
      Caller caller, @PathVariable String accountId, @RequestBody(required = false) JsonNode body) {
    caller.requireOperator(); // before the body is read
    String accessKeyId = null;
    String secretAccessKey = null;
    if (body != null) {
      JsonInput in = JsonInput.of(body);
      accessKeyId = in.string("accessKeyId");
      secretAccessKey = in.string("secretAccessKey");
      in.requireValid(List.of());
    }
    AwsKeyService.IssuedKey issued = keys.create(caller, accountId, accessKeyId, secretAccessKey);
    return new IssuedJson(issued.accessKeyId(), issued.secretAccessKey());
  }

  @GetMapping
  KeysJson list(Caller caller, @PathVariable String accountId) {
    return new KeysJson(keys.list(caller, accountId).stream().map(KeyJson::of).toList());
  }

  @DeleteMapping("/{accessKeyId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Caller caller, @PathVariable String accountId, @PathVariable String accessKeyId) {
    keys.delete(caller, accountId, accessKeyId);
  }
}
