package io.isthmus.admin.aws.ram;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.aws.AwsListener;
import io.isthmus.admin.aws.AwsTestSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * RAM through the AWS listener: requests signed for the service {@code ram} reach it, answered in
 * REST-JSON with the error's code in {@code x-amzn-ErrorType}, where botocore reads it; changes are
 * audited by their operation, reads not.
 */
class RamFilterTest extends ApiTestSupport {
  private static final int AWS_PORT = 4566;

  @Autowired AwsListener listener;

  private record Key(String accountId, String id, String secret) {}

  @BeforeEach
  void listen() {
    listener.bound(AWS_PORT);
  }

  private Key key(String name) {
    Acct acct = account(name);
    Reply issued = post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null).expect(201);
    return new Key(acct.id(), issued.text("/accessKeyId"), issued.text("/secretAccessKey"));
  }

  private MockHttpServletResponse send(Key key, String path, String body) throws Exception {
    return mvc.perform(
            AwsTestSigner.post(
                key.id(),
                key.secret(),
                TestAdminApplication.NOW,
                AWS_PORT,
                "ram",
                "us-east-1",
                path,
                "application/json",
                null,
                body.getBytes(StandardCharsets.UTF_8)))
        .andReturn()
        .getResponse();
  }

  @Test
  void aSignedCallIsAnsweredInRestJsonAndItsChangesAreAudited() throws Exception {
    Key key = key("ram-filter");

    MockHttpServletResponse created = send(key, "/createresourceshare", "{\"name\":\"signed\"}");
    MockHttpServletResponse listed =
        send(key, "/getresourceshares", "{\"resourceOwner\":\"SELF\"}");
    MockHttpServletResponse refused =
        send(
            key,
            "/associateresourceshare",
            "{\"resourceShareArn\":\"arn:aws:ram:us-east-1:"
                + key.accountId()
                + ":resource-share/00000000-0000-0000-0000-000000000000\"}");

    assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(200);
    assertThat(created.getContentType()).isEqualTo("application/json");
    assertThat(created.getContentAsString())
        .contains("\"owningAccountId\":\"" + key.accountId() + "\"");
    assertThat(listed.getContentAsString()).contains("\"name\":\"signed\"");
    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat(refused.getHeader("x-amzn-ErrorType")).isEqualTo("UnknownResourceException");
    assertThat(refused.getContentType()).isEqualTo("application/json");
    assertThat(refused.getContentAsString()).startsWith("{\"message\":\"No resource share ");
    JsonNode items =
        get("/v1/audit?accountId=" + key.accountId(), OPERATOR).expect(200).body().get("items");
    List<String> paths = new ArrayList<>();
    items.forEach(
        item -> paths.add(item.get("path").stringValue() + " " + item.get("status").intValue()));
    assertThat(paths)
        .containsExactlyInAnyOrder(
            "/createresourceshare#CreateResourceShare 200",
            "/associateresourceshare#AssociateResourceShare 400");
  }

  @Test
  void aRefusedSignatureIsAnsweredInRestJsonToo() throws Exception {
    Key key = key("ram-filter-refused");

    MockHttpServletResponse refused =
        send(new Key(key.accountId(), key.id(), "not-the-secret"), "/getresourceshares", "{}");

    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(refused.getHeader("x-amzn-ErrorType")).isEqualTo("SignatureDoesNotMatch");
    assertThat(refused.getContentType()).isEqualTo("application/json");
    assertThat(refused.getContentAsString()).startsWith("{\"message\":");
  }
}
