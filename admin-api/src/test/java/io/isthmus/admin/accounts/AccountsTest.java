package io.isthmus.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.isthmus.admin.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

class AccountsTest extends ApiTestSupport {

  @Test
  void operatorCreatesAnAccountWithAChosenIdAndItsTokenWorks() {
    Reply created =
        post("/v1/accounts", OPERATOR, "{\"id\":\"111111111111\",\"name\":\"networking\"}")
            .expect(201);

    assertThat(created.text("/id")).isEqualTo("111111111111");
    assertThat(created.text("/name")).isEqualTo("networking");
    // 32 random bytes in base64url without padding
    assertThat(created.text("/token")).matches("[A-Za-z0-9_-]{43}");
    get("/v1/accounts/me", created.text("/token")).expect(200);
  }

  @Test
  void generatedIdIsTwelveDigitsAndTheTokenIsNeverListed() {
    Acct acct = account("generated");

    assertThat(acct.id()).matches("[0-9]{12}");
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String query = token == null ? "" : "&nextToken=" + token;
      Reply page = get("/v1/accounts?maxItems=1000" + query, OPERATOR).expect(200);
      page.body()
          .get("items")
          .forEach(
              item -> {
                assertThat(item.has("token")).isFalse();
                ids.add(item.get("id").stringValue());
              });
      token = page.body().has("nextToken") ? page.text("/nextToken") : null;
    } while (token != null);
    assertThat(ids).contains(acct.id());
  }

  @Test
  void rotatingTheTokenRetiresTheOldOne() {
    Acct acct = account("rotating");

    Reply rotated = post("/v1/accounts/" + acct.id() + "/token", OPERATOR, null).expect(200);

    String fresh = rotated.text("/token");
    assertThat(fresh).isNotEqualTo(acct.token());
    assertThat(rotated.text("/id")).isEqualTo(acct.id());
    get("/v1/accounts/me", acct.token()).problem(401, "Unauthorized");
    assertThat(get("/v1/accounts/me", fresh).expect(200).text("/id")).isEqualTo(acct.id());
  }

  @Test
  void rotatingAnUnknownAccountIsNotFound() {
    post("/v1/accounts/999999999990/token", OPERATOR, null).problem(404, "ResourceNotFound");
  }

  @Test
  void onlyTheOperatorManagesAccounts() {
    Acct acct = account("not-an-operator");

    post("/v1/accounts", acct.token(), "{\"name\":\"x\"}").problem(403, "AccessDenied");
    get("/v1/accounts", acct.token()).problem(403, "AccessDenied");
    post("/v1/accounts/" + acct.id() + "/token", acct.token(), null).problem(403, "AccessDenied");
  }

  @Test
  void everyInvalidFieldIsListed() {
    Reply reply =
        post("/v1/accounts", OPERATOR, "{\"id\":\"12345\",\"name\":\"  \"}")
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("id", "name");
  }

  @Test
  void wrongJsonTypesAreListedTogether() {
    Reply reply =
        post("/v1/accounts", OPERATOR, "{\"id\":111111111112,\"name\":true}")
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("id", "name");
    assertThat(reply.text("/errors/0/message")).isEqualTo("must be a string");
  }

  @Test
  void malformedJsonIsInvalidInput() {
    post("/v1/accounts", OPERATOR, "{\"name\":").problem(400, "InvalidInput");
    post("/v1/accounts", OPERATOR, "[1,2]").problem(400, "InvalidInput");
  }

  @Test
  void aBodyMustBeSentAsJson() throws Exception {
    int status =
        mvc.perform(
                MockMvcRequestBuilders.post("/v1/accounts")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                    .contentType(MediaType.TEXT_PLAIN)
                    .content("{\"name\":\"x\"}"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.code").value("UnsupportedMediaType"))
            .andReturn()
            .getResponse()
            .getStatus();

    assertThat(status).isEqualTo(415);
  }

  @Test
  void aTakenIdConflicts() {
    post("/v1/accounts", OPERATOR, "{\"id\":\"222222222222\",\"name\":\"first\"}").expect(201);

    post("/v1/accounts", OPERATOR, "{\"id\":\"222222222222\",\"name\":\"second\"}")
        .problem(409, "ResourceExists");
  }
}
