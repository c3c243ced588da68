package io.isthmus.admin.aws.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.config.ConfigStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code /v1/accounts/{id}/aws-keys}: issued, imported, listed without secrets, revoked. */
class AwsKeysTest extends ApiTestSupport {
  @Autowired AwsKeyService keys;
  @Autowired ConfigStore store;

  @Test
  void anIssuedKeyLooksLikeAwssAndItsSecretIsStoredSealed() {
    Acct acct = account("issued");

    Reply issued = post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null).expect(201);

    String id = issued.text("/accessKeyId");
    String secret = issued.text("/secretAccessKey");
    assertThat(id).matches("AKIA[A-Z2-7]{16}");
    assertThat(secret).matches("[A-Za-z0-9+/]{40}");
    assertThat(keys.credentials(id))
        .hasValueSatisfying(
            credentials -> {
              assertThat(credentials.secretAccessKey()).isEqualTo(secret);
              assertThat(credentials.accountId()).isEqualTo(acct.id());
            });
    String sealed = store.awsAccessKey(id).orElseThrow().sealedSecret();
    assertThat(sealed).startsWith("v1:").doesNotContain(secret);
    Reply listed = get("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR).expect(200);
    assertThat(listed.text("/items/0/accessKeyId")).isEqualTo(id);
    assertThat(listed.body().toString()).doesNotContain(secret).doesNotContain(sealed);
  }

  @Test
  void anImportedKeyKeepsItsIdAndSecret() {
    Acct acct = account("imported");

    post(
            "/v1/accounts/" + acct.id() + "/aws-keys",
            OPERATOR,
            "{\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\","
                + "\"secretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}")
        .expect(201);

    assertThat(keys.credentials("AKIAIOSFODNN7EXAMPLE").orElseThrow().secretAccessKey())
        .isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    post(
            "/v1/accounts/" + account("another").id() + "/aws-keys",
            OPERATOR,
            "{\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"0123456789abcdefXYZ\"}")
        .problem(409, "ResourceExists");
  }

  @Test
  void everyInvalidFieldOfAnImportIsListed() {
    Acct acct = account("invalid-import");

    Reply problem =
        post(
                "/v1/accounts/" + acct.id() + "/aws-keys",
                OPERATOR,
                "{\"accessKeyId\":\"short\",\"secretAccessKey\":\"has a space in it!!\"}")
            .problem(400, "InvalidInput");

    assertThat(problem.body().toString()).contains("accessKeyId").contains("secretAccessKey");
    post(
            "/v1/accounts/" + acct.id() + "/aws-keys",
            OPERATOR,
            "{\"accessKeyId\":\"AKIAONLYTHEID0000\"}")
        .problem(400, "InvalidInput");
    assertThat(store.awsAccessKeys(acct.id())).isEmpty();
  }

  @Test
  void aRevokedKeyIsGoneAndAnotherAccountsKeyCannotBeRevoked() {
    Acct acct = account("revoked");
    Acct other = account("other-owner");
    String id =
        post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null)
            .expect(201)
            .text("/accessKeyId");

    delete("/v1/accounts/" + other.id() + "/aws-keys/" + id, OPERATOR)
        .problem(404, "ResourceNotFound");
    delete("/v1/accounts/" + acct.id() + "/aws-keys/" + id, OPERATOR).expect(204);

    assertThat(keys.credentials(id)).isEmpty();
    delete("/v1/accounts/" + acct.id() + "/aws-keys/" + id, OPERATOR)
        .problem(404, "ResourceNotFound");
  }

  @Test
  void onlyTheOperatorManagesKeysAndAnAccountHasAtMostTen() {
    Acct acct = account("limited");

    post("/v1/accounts/" + acct.id() + "/aws-keys", acct.token(), null)
        .problem(403, "AccessDenied");
    get("/v1/accounts/" + acct.id() + "/aws-keys", acct.token()).problem(403, "AccessDenied");
    post("/v1/accounts/999999999990/aws-keys", OPERATOR, null).problem(404, "ResourceNotFound");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < AwsKeyService.MAX_KEYS_PER_ACCOUNT; i++) {
      ids.add(
          post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null)
              .expect(201)
              .text("/accessKeyId"));
    }
    post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null).problem(409, "LimitExceeded");
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void aSecretOpensOnlyUnderItsKeyAndForItsKeyId() {
    SecretSealer sealer = new SecretSealer(new byte[32]);
    String sealed = sealer.seal("AKIAAAAAAAAAAAAAAAAA", "secret-of-a");
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;

    assertThat(sealer.open("AKIAAAAAAAAAAAAAAAAA", sealed)).isEqualTo("secret-of-a");
    assertThat(sealer.seal("AKIAAAAAAAAAAAAAAAAA", "secret-of-a")).isNotEqualTo(sealed);
    assertThatThrownBy(() -> sealer.open("AKIABBBBBBBBBBBBBBBB", sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("secret-of-a");
    assertThatThrownBy(() -> new SecretSealer(otherKey).open("AKIAAAAAAAAAAAAAAAAA", sealed))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealer.open("AKIAAAAAAAAAAAAAAAAA", "v2:xyz"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new SecretSealer(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
