package io.isthmus.admin.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The facade's listener answers in AWS's error shapes before anything else runs; the admin port
 * never reaches the facade. (Signed requests are tested with the real clients: AwsCliIT.)
 */
class AwsApiFilterTest extends ApiTestSupport {
  private static final int AWS_PORT = 4566;

  @Autowired AwsListener listener;

  @BeforeEach
  void listen() {
    listener.bound(AWS_PORT);
  }

  private MockHttpServletResponse send(MockHttpServletRequestBuilder request, int port)
      throws Exception {
    return mvc.perform(
            request.with(
                r -> {
                  r.setLocalPort(port);
                  return r;
                }))
        .andReturn()
        .getResponse();
  }

  @Test
  void anUnsignedQueryRequestGetsTheXmlErrorOfAws() throws Exception {
    MockHttpServletResponse response =
        send(
            MockMvcRequestBuilders.post("/")
                .contentType("application/x-www-form-urlencoded")
                .content("Action=GetCallerIdentity&Version=2011-06-15"),
            AWS_PORT);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentAsString())
        .startsWith("<ErrorResponse><Error><Type>Sender</Type>")
        .contains("<Code>MissingAuthenticationToken</Code>")
        .contains("<RequestId>" + response.getHeader("x-amzn-RequestId") + "</RequestId>");
  }

  @Test
  void anUnsignedJsonRequestGetsTheJsonErrorOfAws() throws Exception {
    MockHttpServletResponse response =
        send(
            MockMvcRequestBuilders.post("/")
                .contentType("application/x-amz-json-1.0")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData")
                .content("{}"),
            AWS_PORT);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).isEqualTo("application/x-amz-json-1.0");
    assertThat(response.getContentAsString())
        .startsWith("{\"__type\":\"MissingAuthenticationToken\",\"message\":\"")
        .endsWith("\"}");
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsVerified() throws Exception {
    MockHttpServletResponse response =
        send(
            MockMvcRequestBuilders.post("/2013-04-01/hostedzone")
                .contentType("application/xml")
                .content(new byte[AwsApiFilter.MAX_BODY_BYTES + 1]),
            AWS_PORT);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("<Code>RequestEntityTooLarge</Code>");
  }

  @Test
  void theAdminPortIsNotTheFacade() throws Exception {
    MockHttpServletResponse response =
        send(
            MockMvcRequestBuilders.post("/")
                .contentType("application/x-www-form-urlencoded")
                .content("Action=GetCallerIdentity&Version=2011-06-15"),
            8080);

    assertThat(response.getContentAsString()).doesNotContain("ErrorResponse");
    assertThat(response.getHeader("x-amzn-RequestId")).isNull();
  }
}
