package io.isthmus.admin.querylogs;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.config.ConfigStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class QueryLogConfigsTest extends ApiTestSupport {
  private static final String CONFIGS = "/v1/resolver/query-log-configs";

  @Autowired ConfigStore store;

  private Reply create(String token, String name, String destination) {
    return post(
        CONFIGS, token, "{\"name\":\"%s\",\"destination\":\"%s\"}".formatted(name, destination));
  }

  private String config(Acct owner, String destination) {
    return create(owner.token(), "log", destination).expect(201).text("/id");
  }

  private Reply associate(String token, String configId, String vpcId) {
    return post(CONFIGS + "/" + configId + "/associations", token, "{\"vpcId\":\"" + vpcId + "\"}");
  }

  private static List<String> ids(Reply list, String field) {
    List<String> ids = new ArrayList<>();
    list.body().get("items").forEach(item -> ids.add(item.get(field).stringValue()));
    return ids;
  }

  @Test
  void anAccountCreatesAConfigurationThatWritesToAFileOfItsOwn() {
    Acct acct = account("ql-create");

    Reply reply = create(acct.token(), "app-queries", "file:app.queries-1_x").expect(201);

    String id = reply.text("/id");
    assertThat(id).matches("rqlc-[0-9a-f]{17}");
    assertThat(reply.raw().getHeader("Location")).isEqualTo(CONFIGS + "/" + id);
    assertThat(reply.text("/ownerId")).isEqualTo(acct.id());
    assertThat(reply.text("/name")).isEqualTo("app-queries");
    assertThat(reply.text("/destination")).isEqualTo("file:app.queries-1_x");
    assertThat(reply.text("/status")).isEqualTo("CREATED");
    assertThat(reply.body().get("associationCount").intValue()).isZero();
    assertThat(get(CONFIGS + "/" + id, acct.token()).expect(200).body()).isEqualTo(reply.body());
    assertThat(store.queryLogConfig(id))
        .hasValueSatisfying(c -> assertThat(c.fileName()).isEqualTo("app.queries-1_x"));
  }

  @Test
  void everyInvalidFieldIsListedAtOnceAndNothingIsWritten() {
    Acct acct = account("ql-sloppy");
    long version = store.version();

    assertThat(
            create(acct.token(), "bad name!", "file:../etc")
                .problem(400, "InvalidInput")
                .errorFields())
        .containsExactly("name", "destination");
    assertThat(post(CONFIGS, acct.token(), "{}").problem(400, "InvalidInput").errorFields())
        .containsExactly("name", "destination");
    assertThat(
            post(CONFIGS, acct.token(), "{\"name\":5,\"destination\":\"nowhere\"}")
                .problem(400, "InvalidInput")
                .errorFields())
        .containsExactly("name", "destination");
    assertThat(post(CONFIGS, acct.token(), "[]").problem(400, "InvalidInput").errorFields())
        .containsExactly("");

    for (String destination :
        List.of(
            "file:",
            "file:a/b",
            "file:a\\\\b",
            "file:" + "x".repeat(65),
            "FILE:x",
            "file: x",
            "s3://bucket",
            "STDOUT")) {
      assertThat(
              create(acct.token(), "log", destination).problem(400, "InvalidInput").errorFields())
          .as(destination)
          .containsExactly("destination");
    }
    assertThat(store.version()).isEqualTo(version);
    assertThat(get(CONFIGS, acct.token()).expect(200).body().get("items")).isEmpty();

    // The longest name and one of dots only are files in the owner's directory, not paths.
    create(acct.token(), "log", "file:" + "x".repeat(64)).expect(201);
    create(acct.token(), "log", "file:..").expect(201);
  }

  @Test
  void stdoutIsForTheOperatorOnly() {
    Acct acct = account("ql-stdout");

    Reply refused = create(acct.token(), "log", "stdout").problem(400, "InvalidInput");
    assertThat(refused.errorFields()).containsExactly("destination");
    assertThat(refused.body().at("/errors/0/message").stringValue()).contains("operator");

    Reply reply = create(OPERATOR, "everything", "stdout").expect(201);
    assertThat(reply.text("/ownerId")).isEqualTo("operator");
    assertThat(reply.text("/destination")).isEqualTo("stdout");
    assertThat(store.queryLogConfig(reply.text("/id")))
        .hasValueSatisfying(c -> assertThat(c.ownerAccountId()).isNull());
    // The operator also writes files, in a directory of its own.
    assertThat(create(OPERATOR, "ops", "file:ops-" + acct.id()).expect(201).text("/ownerId"))
        .isEqualTo("operator");
  }

  @Test
  void anOwnerWritesToADestinationThroughOneConfigurationOnly() {
    Acct acct = account("ql-dup");
    Acct other = account("ql-dup-other");
    String first = config(acct, "file:same");

    Reply duplicate = create(acct.token(), "again", "file:same").problem(409, "ResourceExists");
    assertThat(duplicate.text("/detail")).contains(first);
    // Another owner's file of that name is another file.
    create(other.token(), "log", "file:same").expect(201);
  }

  @Test
  void eachCallerSeesItsOwnConfigurationsAndTheOperatorAll() {
    Acct acct = account("ql-list");
    Acct other = account("ql-list-other");
    String mine1 = config(acct, "file:one");
    String mine2 = config(acct, "file:two");
    String theirs = config(other, "file:one");
    String operators = create(OPERATOR, "ops", "file:list-" + acct.id()).expect(201).text("/id");

    assertThat(ids(get(CONFIGS, acct.token()).expect(200), "id"))
        .containsExactlyElementsOf(
            mine1.compareTo(mine2) < 0 ? List.of(mine1, mine2) : List.of(mine2, mine1));
    assertThat(ids(get(CONFIGS + "?maxItems=1000", OPERATOR).expect(200), "id"))
        .contains(mine1, mine2, theirs, operators);

    Reply page = get(CONFIGS + "?maxItems=1", acct.token()).expect(200);
    assertThat(page.body().get("items")).hasSize(1);
    Reply rest = get(CONFIGS + "?maxItems=1&nextToken=" + page.text("/nextToken"), acct.token());
    assertThat(rest.expect(200).body().get("items")).hasSize(1);
    assertThat(rest.body().has("nextToken")).isFalse();

    get(CONFIGS + "/" + theirs, acct.token()).problem(404, "ResourceNotFound");
    get(CONFIGS + "/" + operators, acct.token()).problem(404, "ResourceNotFound");
    get(CONFIGS + "/rqlc-00000000000000000", acct.token()).problem(404, "ResourceNotFound");
    assertThat(get(CONFIGS + "/" + theirs, OPERATOR).expect(200).text("/ownerId"))
        .isEqualTo(other.id());
    get(CONFIGS, null).expect(401);
  }

  @Test
  void theOwnerAssociatesItsConfigurationWithItsOwnVpcs() {
    Acct acct = account("ql-assoc");
    Acct other = account("ql-assoc-other");
    String vpcId = vpc(acct, "us-east-1");
    String otherVpc = vpc(other, "us-east-1");
    String id = config(acct, "file:assoc");

    Reply reply = associate(acct.token(), id, vpcId).expect(201);
    assertThat(reply.text("/id")).matches("rqlca-[0-9a-f]{17}");
    assertThat(reply.text("/resolverQueryLogConfigId")).isEqualTo(id);
    assertThat(reply.text("/vpcId")).isEqualTo(vpcId);
    assertThat(reply.text("/status")).isEqualTo("ACTIVE");
    assertThat(get(CONFIGS + "/" + id, acct.token()).body().get("associationCount").intValue())
        .isEqualTo(1);
    Reply listed = get(CONFIGS + "/" + id + "/associations", acct.token()).expect(200);
    assertThat(listed.body().get("items")).containsExactly(reply.body());
    assertThat(store.load().queryLogAssociations())
        .anySatisfy(a -> assertThat(a.id()).isEqualTo(reply.text("/id")));

    associate(acct.token(), id, vpcId).problem(409, "ResourceExists");
    // Another account's VPC does not exist for the caller: its queries are not the caller's to log.
    associate(acct.token(), id, otherVpc).problem(404, "NoSuchVpc");
    associate(acct.token(), id, "vpc-00000000000000000").problem(404, "NoSuchVpc");
    associate(other.token(), id, otherVpc).problem(404, "ResourceNotFound");
    get(CONFIGS + "/" + id + "/associations", other.token()).problem(404, "ResourceNotFound");
    // The operator reads the account's configuration but does not act on it.
    assertThat(get(CONFIGS + "/" + id + "/associations", OPERATOR).expect(200).body())
        .isEqualTo(listed.body());
    associate(OPERATOR, id, otherVpc).problem(403, "NotAuthorized");
    delete(CONFIGS + "/" + id + "/associations/" + vpcId, OPERATOR).problem(403, "NotAuthorized");
    delete(CONFIGS + "/" + id, OPERATOR).problem(403, "NotAuthorized");
  }

  @Test
  void anAssociationNeedsAWellFormedVpcId() {
    Acct acct = account("ql-assoc-input");
    String id = config(acct, "file:input");

    assertThat(
            post(CONFIGS + "/" + id + "/associations", acct.token(), "{}")
                .problem(400, "InvalidInput")
                .errorFields())
        .containsExactly("vpcId");
    assertThat(associate(acct.token(), id, "vpc-1").problem(400, "InvalidInput").errorFields())
        .containsExactly("vpcId");
    assertThat(
            post(CONFIGS + "/" + id + "/associations", acct.token(), "{\"vpcId\":7}")
                .problem(400, "InvalidInput")
                .errorFields())
        .containsExactly("vpcId");
    associate(acct.token(), "rqlc-00000000000000000", vpc(acct, "us-east-1"))
        .problem(404, "ResourceNotFound");
  }

  @Test
  void theOperatorLogsAnyVpcWithAConfigurationAccountsCannotSee() {
    Acct acct = account("ql-op");
    String vpcId = vpc(acct, "eu-west-1");
    String id = create(OPERATOR, "ops", "file:op-" + acct.id()).expect(201).text("/id");

    associate(OPERATOR, id, vpcId).expect(201);
    associate(OPERATOR, id, "vpc-00000000000000000").problem(404, "NoSuchVpc");
    associate(acct.token(), id, vpcId).problem(404, "ResourceNotFound");
    delete(CONFIGS + "/" + id + "/associations/" + vpcId, acct.token())
        .problem(404, "ResourceNotFound");

    delete(CONFIGS + "/" + id + "/associations/" + vpcId, OPERATOR).expect(204);
    delete(CONFIGS + "/" + id, OPERATOR).expect(204);
  }

  @Test
  void aConfigurationIsDeletedOnlyOnceItHasNoAssociations() {
    Acct acct = account("ql-delete");
    String vpcId = vpc(acct, "us-east-1");
    String id = config(acct, "file:delete");
    associate(acct.token(), id, vpcId).expect(201);

    Reply inUse = delete(CONFIGS + "/" + id, acct.token()).problem(409, "ResourceInUse");
    assertThat(inUse.text("/detail")).contains("1 VPC");
    Acct other = account("ql-delete-other");
    delete(CONFIGS + "/" + id, other.token()).problem(404, "ResourceNotFound");
    delete(CONFIGS + "/" + id + "/associations/" + vpcId, other.token())
        .problem(404, "ResourceNotFound");

    delete(CONFIGS + "/" + id + "/associations/" + vpcId, acct.token()).expect(204);
    delete(CONFIGS + "/" + id + "/associations/" + vpcId, acct.token())
        .problem(404, "ResourceNotFound");
    assertThat(get(CONFIGS + "/" + id + "/associations", acct.token()).body().get("items"))
        .isEmpty();
    delete(CONFIGS + "/" + id, acct.token()).expect(204);
    get(CONFIGS + "/" + id, acct.token()).problem(404, "ResourceNotFound");
    delete(CONFIGS + "/" + id, acct.token()).problem(404, "ResourceNotFound");
  }

  @Test
  void deletingAVpcEndsItsQueryLogging() {
    Acct acct = account("ql-vpc-gone");
    String vpcId = vpc(acct, "us-east-1");
    String id = config(acct, "file:gone");
    associate(acct.token(), id, vpcId).expect(201);
    String operators = create(OPERATOR, "ops", "file:gone-" + acct.id()).expect(201).text("/id");
    associate(OPERATOR, operators, vpcId).expect(201);

    delete("/v1/vpcs/" + vpcId, acct.token()).expect(204);

    JsonNode left = get(CONFIGS + "/" + id + "/associations", acct.token()).body().get("items");
    assertThat(left).isEmpty();
    assertThat(get(CONFIGS + "/" + operators, OPERATOR).body().get("associationCount").intValue())
        .isZero();
    delete(CONFIGS + "/" + id, acct.token()).expect(204);
  }
}
