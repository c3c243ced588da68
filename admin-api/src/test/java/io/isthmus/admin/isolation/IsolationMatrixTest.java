package io.isthmus.admin.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.admin.isolation.MatrixRow.Column;
import io.isthmus.admin.isolation.MatrixRow.Expected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The isolation matrix (matrix.txt): every /v1 endpoint called by the owner of a resource, an
 * account it is shared with or associated with, an unrelated account, the operator, no token and an
 * unknown token, with the fixture's ids, ids that name nothing and malformed ids. It proves that a
 * resource the caller cannot see is answered exactly as one that does not exist, before any other
 * check; that a new endpoint cannot be added without rows; and that denied requests change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationMatrixTest extends ResolverApiTestSupport {
  private static final String MALFORMED = "not-an-id";

  /** Well-formed ids that name nothing, by the prefix of the fixture names they stand in for. */
  private static final Map<String, String> MISSING =
      Map.of(
          "acct", "000000000000",
          "vpc", "vpc-00000000000000000",
          "zone", "Z00000000000000000000",
          "ep", "rslvr-out-00000000000000000",
          "rule", "rslvr-rr-00000000000000000",
          "hc", "00000000-0000-4000-8000-000000000000",
          "ql", "rqlc-00000000000000000",
          "change", "C00000000000000000000");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping mappings;

  private final List<MatrixRow> rows =
      MatrixRow.load(IsolationMatrixTest.class.getResourceAsStream("matrix.txt"));
  private final Map<String, String> world = new LinkedHashMap<>();
  private Acct owner;
  private Acct partner;
  private Acct stranger;
  private Map<String, String> before;

  /**
   * The fixture world: A owns one of everything; B has a rule of A's shared with it, its VPC
   * authorized for and associated with A's zone (by a change of B's own) and associated with A's
   * rule; C is unrelated.
   */
  @BeforeAll
  void buildWorld() {
    owner = account("iso-owner");
    partner = account("iso-partner");
    stranger = account("iso-stranger");
    Acct spare = account("iso-spare");
    put("acctA", owner.id());
    put("acctB", partner.id());
    put("acctC", stranger.id());
    put("acctD", spare.id());
    String vpcA = put("vpcA", vpc(owner, "us-east-1"));
    String vpcB = put("vpcB", vpc(partner, "us-east-1"));
    put("vpcC", vpc(stranger, "us-east-1"));

    Reply zone =
        post(
                "/v1/hostedzones",
                owner.token(),
                "{\"name\":\"iso-a.example\",\"vpcId\":\"" + vpcA + "\"}")
            .expect(201);
    String zoneA = put("zoneA", zone.text("/id"));
    put("changeA", zone.text("/change/id"));
    put("zoneA2", zone(owner, "iso-a2.example", vpcA));
    String zonePath = "/v1/hostedzones/" + zoneA;
    post(zonePath + "/authorizations", owner.token(), vpcBody(vpcB)).expect(201);
    // B's change, though it touched A's zone: B made it, so B (and the operator) may read it.
    put(
        "changeB",
        post(zonePath + "/associations", partner.token(), vpcBody(vpcB)).expect(200).text("/id"));

    String hcA =
        put(
            "hcA",
            post(
                    "/v1/healthchecks",
                    owner.token(),
                    "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}")
                .expect(201)
                .text("/id"));
    changeBatch(
            owner,
            zoneA,
            "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"www.iso-a.example\",\"type\":\"A\","
                + "\"ttl\":60,\"records\":[\"10.0.0.1\"],\"healthCheckId\":\""
                + hcA
                + "\"}}")
        .expect(200);

    String epA = put("epA", outbound(owner, vpcA));
    put("epB", outbound(partner, vpcB));
    String ruleA = put("ruleA", forwardRule(owner, "iso-fwd.example", epA, freshIp()));
    share(owner, ruleA, partner).expect(201);
    associate(owner, ruleA, vpcA).expect(201);
    associate(partner, ruleA, vpcB).expect(201);

    String configs = "/v1/resolver/query-log-configs";
    String qlA =
        put(
            "qlA",
            post(configs, owner.token(), "{\"name\":\"iso\",\"destination\":\"file:iso-a\"}")
                .expect(201)
                .text("/id"));
    post(configs + "/" + qlA + "/associations", owner.token(), vpcBody(vpcA)).expect(201);
    put(
        "qlOp",
        post(configs, OPERATOR, "{\"name\":\"iso-op\",\"destination\":\"file:iso-op\"}")
            .expect(201)
            .text("/id"));
    put(
        "keyD",
        post("/v1/accounts/" + spare.id() + "/aws-keys", OPERATOR, null)
            .expect(201)
            .text("/accessKeyId"));
    before = snapshot();
  }

  @Test
  void everyEndpointHasRows() {
    Set<String> routes = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        // "/v1/**" is the catch-all that answers unknown paths with 404.
        if (!pattern.startsWith("/v1/") || pattern.equals("/v1/**")) {
          continue;
        }
        for (RequestMethod method : info.getMethodsCondition().getMethods()) {
          routes.add(method.name() + " " + MatrixRow.normalized(pattern));
        }
      }
    }
    Set<String> covered = new TreeSet<>();
    rows.forEach(row -> covered.add(row.route()));
    assertThat(routes).as("endpoints under /v1").isNotEmpty();
    assertThat(covered).as("endpoints of matrix.txt").containsAll(routes);
    assertThat(routes).as("the matrix names only endpoints that exist").containsAll(covered);
  }

  @TestFactory
  List<DynamicTest> matrix() {
    List<DynamicTest> tests = new ArrayList<>();
    for (MatrixRow row : rows) {
      tests.add(DynamicTest.dynamicTest(row + " without a token", () -> unauthenticated(row)));
      cell(tests, row, Column.OWNER, owner, null);
      cell(tests, row, Column.PARTNER, partner, null);
      cell(tests, row, Column.STRANGER, stranger, null);
      cell(tests, row, Column.OPERATOR, null, null);
      cell(tests, row, Column.MISSING, owner, missing(row));
      cell(tests, row, Column.MALFORMED, owner, MALFORMED);
      cell(tests, row, Column.OPERATOR_MISSING, null, missing(row));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "no request of the matrix changed the fixture world",
            () -> assertThat(snapshot()).isEqualTo(before)));
    return tests;
  }

  private void cell(
      List<DynamicTest> tests, MatrixRow row, Column column, Acct actor, String subjectValue) {
    Expected expected = row.expected(column);
    if (expected.skipped()) {
      return;
    }
    String name = row + " as " + column.name().toLowerCase() + " -> " + expected;
    tests.add(
        DynamicTest.dynamicTest(
            name,
            () -> {
              Reply reply = send(row, actor, subjectValue);
              assertAnswer(reply, expected);
              if (isForeign(row, column) && expected.status() == 404 && !expected.byDesign()) {
                assertLooksMissing(row, actor, reply);
              }
            }));
  }

  /**
   * Whether the column's account gets a 404 for a resource it cannot see. The partner and the
   * stranger for A's resources; A itself where its 404 is that of an id that names nothing (the
   * missing column's): a resource of another account the request names, like B's change.
   */
  private static boolean isForeign(MatrixRow row, Column column) {
    return switch (column) {
      case PARTNER, STRANGER -> true;
      case OWNER -> row.expected(Column.OWNER).equals(row.expected(Column.MISSING));
      default -> false;
    };
  }

  private void unauthenticated(MatrixRow row) {
    String path = substitute(row.path(), owner, null, null);
    String body = row.body() == null ? null : substitute(row.body(), owner, null, null);
    HttpMethod method = HttpMethod.valueOf(row.method());
    call(method, path, null, body).problem(401, "Unauthorized");
    call(method, path, "not-a-token-of-anyone", body).problem(401, "Unauthorized");
  }

  /**
   * A foreign resource's 404 is the 404 of an id that names nothing: for one of the resources the
   * request names, the answer with that resource replaced by a well-formed id of nothing is the
   * same problem document once each id is replaced by a marker. It bears no trace of any account
   * but the caller and those the request names.
   */
  private void assertLooksMissing(MatrixRow row, Acct actor, Reply foreign) {
    List<String> answers = new ArrayList<>();
    for (String name : row.placeholders()) {
      String missingId = missingFor(name);
      String asMissing = masked(send(row, actor, name, missingId).body(), missingId);
      if (asMissing.equals(masked(foreign.body(), world.get(name)))) {
        String request = substitute(row.toString(), actor, null, null);
        for (Acct other : List.of(owner, partner, stranger)) {
          // An account the request names itself (the one a rule is shared with) may be repeated.
          if (other != actor && !request.contains(other.id())) {
            assertThat(foreign.body().toString())
                .doesNotContain(other.id())
                .doesNotContain(other.name());
          }
        }
        return;
      }
      answers.add(name + " missing: " + asMissing);
    }
    throw new AssertionError(
        "the 404 "
            + foreign.body()
            + " differs from the answers for ids that name nothing: "
            + answers);
  }

  private static String masked(JsonNode problem, String id) {
    ObjectNode copy = (ObjectNode) problem.deepCopy();
    copy.put("detail", problem.get("detail").stringValue().replace(id, "{id}"));
    copy.put("instance", problem.get("instance").stringValue().replace(id, "{id}"));
    return copy.toString();
  }

  private static void assertAnswer(Reply reply, Expected expected) {
    if (expected.code() == null) {
      reply.expect(expected.status());
    } else {
      reply.problem(expected.status(), expected.code());
    }
  }

  /**
   * The request as {@code actor} (null: the operator), the subject replaced if a value is given.
   */
  private Reply send(MatrixRow row, Acct actor, String subjectValue) {
    return send(row, actor, row.subject(), subjectValue);
  }

  private Reply send(MatrixRow row, Acct actor, String placeholder, String value) {
    String subject = value == null ? null : placeholder;
    String subjectValue = value;
    String path = substitute(row.path(), actor, subject, subjectValue);
    String body = row.body() == null ? null : substitute(row.body(), actor, subject, subjectValue);
    String token = actor == null ? OPERATOR : actor.token();
    return call(HttpMethod.valueOf(row.method()), path, token, body);
  }

  private String substitute(String text, Acct actor, String subject, String subjectValue) {
    String out = text;
    if (subject != null) {
      out = out.replace("{" + subject + "}", subjectValue);
    }
    out = out.replace("{myVpc}", world.get(myVpc(actor)));
    for (Map.Entry<String, String> entry : world.entrySet()) {
      out = out.replace("{" + entry.getKey() + "}", entry.getValue());
    }
    assertThat(out)
        .as("every placeholder of %s is known", text)
        .doesNotContainPattern("\\{[A-Za-z0-9]+}");
    return out;
  }

  private String myVpc(Acct actor) {
    if (actor == partner) {
      return "vpcB";
    }
    return actor == stranger ? "vpcC" : "vpcA";
  }

  private static String missing(MatrixRow row) {
    return row.subject() == null ? null : missingFor(row.subject());
  }

  private static String missingFor(String subject) {
    return MISSING.entrySet().stream()
        .filter(entry -> subject.startsWith(entry.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no missing id for " + subject));
  }

  /** What the operator reads of the fixture world, to show that the matrix changed none of it. */
  private Map<String, String> snapshot() {
    String zoneA = "/v1/hostedzones/" + world.get("zoneA");
    String zoneA2 = "/v1/hostedzones/" + world.get("zoneA2");
    String rule = "/v1/resolver/rules/" + world.get("ruleA");
    String configs = "/v1/resolver/query-log-configs/";
    List<String> paths =
        List.of(
            "/v1/vpcs/" + world.get("vpcA"),
            "/v1/vpcs/" + world.get("vpcA") + "/hostedzones",
            "/v1/vpcs/" + world.get("vpcB") + "/hostedzones",
            "/v1/vpcs/" + world.get("vpcC"),
            zoneA,
            zoneA + "/rrsets",
            zoneA + "/authorizations",
            zoneA2,
            zoneA2 + "/rrsets",
            "/v1/resolver/endpoints/" + world.get("epA"),
            "/v1/resolver/endpoints/" + world.get("epB"),
            rule,
            rule + "/shares",
            "/v1/resolver/rule-associations?vpcId=" + world.get("vpcA"),
            "/v1/resolver/rule-associations?vpcId=" + world.get("vpcB"),
            "/v1/resolver/rule-associations?vpcId=" + world.get("vpcC"),
            "/v1/healthchecks/" + world.get("hcA"),
            configs + world.get("qlA"),
            configs + world.get("qlA") + "/associations",
            configs + world.get("qlOp"));
    Map<String, String> seen = new LinkedHashMap<>();
    for (String path : paths) {
      seen.put(path, get(path, OPERATOR).expect(200).body().toString());
    }
    // The accounts' tokens still work: none was rotated by the matrix.
    for (Acct acct : List.of(owner, partner, stranger)) {
      seen.put(acct.name(), get("/v1/accounts/me", acct.token()).expect(200).body().toString());
    }
    return seen;
  }

  private String put(String name, String id) {
    world.put(name, id);
    return id;
  }

  private static String vpcBody(String vpcId) {
    return "{\"vpcId\":\"" + vpcId + "\"}";
  }
}
