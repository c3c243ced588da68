package io.isthmus.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.aws.AwsListener;
import io.isthmus.admin.aws.AwsTestSigner;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The rate limits through the API, in a context of its own with small buckets and a clock the test
 * moves: an account's third request within a second is throttled, and admitted again once a token
 * came back.
 */
@Import(ThrottlingTest.SmallBuckets.class)
class ThrottlingTest extends ApiTestSupport {
  private static final long SECOND = 1_000_000_000L;
  private static final AtomicLong NANOS = new AtomicLong();

  @TestConfiguration(proxyBeanMethods = false)
  static class SmallBuckets {
    /** Accounts: 2 at once, then 1 a second; 3 bad tokens per address; the operator unbounded. */
    @Bean
    @Primary
    AdminLimits smallBuckets() {
      return new AdminLimits(
          new RateLimit(1, 2),
          new RateLimit(1e6, 1_000_000),
          new RateLimit(1, 3),
          100,
          AdminLimits.DEFAULT_MAX_BODY_BYTES);
    }

    @Bean
    NanoClock testNanoClock() {
      return NANOS::get;
    }
  }

  @Autowired MeterRegistry registry;
  @Autowired AuditStore audit;
  @Autowired AwsListener listener;

  /** Any port: requests are made to look as if they came in on it. */
  private static final int AWS_PORT = 4566;

  private double throttled(String caller) {
    return registry.get("isthmus.admin.throttled").tag("caller", caller).counter().count();
  }

  @Test
  void anAccountOverItsBucketGets429WithRetryAfterUntilATokenComesBack() {
    Acct acct = account("throttled");
    Acct bystander = account("bystander");
    double before = throttled("account");

    get("/v1/accounts/me", acct.token()).expect(200);
    get("/v1/accounts/me", acct.token()).expect(200);
    Reply refused = get("/v1/accounts/me", acct.token()).problem(429, "Throttling");

    assertThat(refused.raw().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(refused.text("/detail")).contains("retry after 1 s");
    get("/v1/accounts/me", bystander.token()).expect(200);
    post("/v1/vpcs", acct.token(), "{}").problem(429, "Throttling");
    assertThat(throttled("account")).isEqualTo(before + 2);

    NANOS.addAndGet(SECOND - 1);
    get("/v1/accounts/me", acct.token()).problem(429, "Throttling");
    NANOS.addAndGet(1);
    get("/v1/accounts/me", acct.token()).expect(200);
    get("/v1/accounts/me", acct.token()).problem(429, "Throttling");

    // Throttled calls are counted, not audited: a flood must not become a flood of writes.
    assertThat(audit.find(0, null, acct.id(), 100))
        .extracting(AuditRecord::event)
        .noneMatch(event -> event.status() == 429);
  }

  @Test
  void badTokensAreThrottledPerAddressWithoutSlowingValidCallers() {
    Acct acct = account("behind-the-same-address");
    double before = throttled("anonymous");

    get("/v1/vpcs", "guess-1").problem(401, "Unauthorized");
    get("/v1/vpcs", null).problem(401, "Unauthorized");
    get("/v1/vpcs", "guess-2").problem(401, "Unauthorized");
    Reply refused = get("/v1/vpcs", "guess-3").problem(429, "Throttling");

    assertThat(refused.raw().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(throttled("anonymous")).isEqualTo(before + 1);
    get("/v1/vpcs", acct.token()).expect(200);
    get("/v1/vpcs", OPERATOR).expect(200);

    NANOS.addAndGet(SECOND);
    get("/v1/vpcs", "guess-4").problem(401, "Unauthorized");
  }

  /**
   * The AWS-compatible API charges the same buckets: an account over its limit gets each service's
   * throttling answer with Retry-After, and throttled calls are not audited; bad signatures are
   * charged to their address.
   */
  @Test
  void theAwsApiIsThrottledWithTheSameBucketsInEachServicesWords() throws Exception {
    Acct acct = account("aws-throttled");
    Reply issued = post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null).expect(201);
    String keyId = issued.text("/accessKeyId");
    String secret = issued.text("/secretAccessKey");
    listener.bound(AWS_PORT);
    NANOS.addAndGet(10 * SECOND); // the buckets are full again

    MockHttpServletResponse first = ec2(keyId, secret, "Action=CreateTags&ResourceId.1=vpc-1");
    MockHttpServletResponse second = ec2(keyId, secret, "Action=CreateTags&ResourceId.1=vpc-2");
    MockHttpServletResponse ec2Throttled =
        ec2(keyId, secret, "Action=CreateTags&ResourceId.1=vpc-3");
    MockHttpServletResponse route53Throttled =
        mvc.perform(
                AwsTestSigner.post(
                    keyId,
                    secret,
                    TestAdminApplication.NOW,
                    AWS_PORT,
                    "route53",
                    "us-east-1",
                    "/2013-04-01/hostedzone",
                    "text/xml",
                    null,
                    new byte[0]))
            .andReturn()
            .getResponse();

    assertThat(first.getStatus()).isEqualTo(400);
    assertThat(second.getStatus()).isEqualTo(400);
    assertThat(ec2Throttled.getStatus()).isEqualTo(503);
    assertThat(ec2Throttled.getContentAsString()).contains("<Code>RequestLimitExceeded</Code>");
    assertThat(ec2Throttled.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(route53Throttled.getStatus()).isEqualTo(400);
    assertThat(route53Throttled.getContentAsString()).contains("<Code>ThrottlingException</Code>");
    assertThat(audit.find(0, null, acct.id(), 100))
        .extracting(record -> record.event().path())
        .containsExactly("/#CreateTags", "/#CreateTags");

    NANOS.addAndGet(10 * SECOND);
    for (int i = 0; i < 3; i++) {
      assertThat(ec2("AKIANOSUCHKEY0000000", secret, "Action=DescribeVpcs").getStatus())
          .isEqualTo(403);
    }
    assertThat(ec2("AKIANOSUCHKEY0000000", secret, "Action=DescribeVpcs").getStatus())
        .isEqualTo(503);
  }

  private MockHttpServletResponse ec2(String keyId, String secret, String form) throws Exception {
    return mvc.perform(
            AwsTestSigner.post(
                keyId,
                secret,
                TestAdminApplication.NOW,
                AWS_PORT,
                "ec2",
                "us-east-1",
                "/",
                "application/x-www-form-urlencoded",
                null,
                (form + "&Version=2016-11-15").getBytes(StandardCharsets.UTF_8)))
        .andReturn()
        .getResponse();
  }
}
