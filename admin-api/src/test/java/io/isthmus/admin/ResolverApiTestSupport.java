package io.isthmus.admin;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * Helpers for the resolver endpoint and rule tests. Endpoint addresses must be unique across the
 * whole shared store, so tests take them from a counter, as they take CIDR blocks.
 */
public abstract class ResolverApiTestSupport extends ApiTestSupport {
  /**
   * The operator, for the helpers that take an account: it owns nothing, so it may write nothing.
   */
  protected static final Acct OPERATOR_ACCOUNT = new Acct("", "operator", OPERATOR);

  private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();

  /** An IPv4 address no other test uses. */
  protected static String freshIp() {
    int n = NEXT_ADDRESS.incrementAndGet();
    return "172.16." + (n / 250) + "." + (n % 250 + 1);
  }

  protected Reply patch(String path, String token, String body) {
    return call(HttpMethod.PATCH, path, token, body);
  }

  /** {@code [{"ip":"a"},{"ip":"b"}]}: addresses on the default port. */
  protected static String addresses(String... ips) {
    return Arrays.stream(ips)
        .map(ip -> "{\"ip\":\"" + ip + "\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  protected Reply createEndpoint(Acct owner, String vpcId, String direction, String... ips) {
    String body =
        "{\"name\":\"ep\",\"direction\":\"%s\",\"vpcId\":\"%s\",\"ipAddresses\":%s}"
            .formatted(direction, vpcId, addresses(ips));
    return post("/v1/resolver/endpoints", owner.token(), body);
  }

  /** A new OUTBOUND endpoint of the owner's in the VPC, on two fresh addresses. */
  protected String outbound(Acct owner, String vpcId) {
    return createEndpoint(owner, vpcId, "OUTBOUND", freshIp(), freshIp()).expect(201).text("/id");
  }

  protected Reply createForwardRule(
      Acct owner, String domainName, String endpointId, String... targetIps) {
    String body =
        ("{\"name\":\"fwd\",\"domainName\":\"%s\",\"ruleType\":\"FORWARD\","
                + "\"resolverEndpointId\":\"%s\",\"targetIps\":%s}")
            .formatted(domainName, endpointId, addresses(targetIps));
    return post("/v1/resolver/rules", owner.token(), body);
  }

  protected String forwardRule(
      Acct owner, String domainName, String endpointId, String... targetIps) {
    return createForwardRule(owner, domainName, endpointId, targetIps).expect(201).text("/id");
  }

  protected String systemRule(Acct owner, String domainName, String region) {
    String body =
        "{\"name\":\"sys\",\"domainName\":\"%s\",\"ruleType\":\"SYSTEM\",\"region\":\"%s\"}"
            .formatted(domainName, region);
    return post("/v1/resolver/rules", owner.token(), body).expect(201).text("/id");
  }

  protected Reply share(Acct owner, String ruleId, Acct with) {
    return post(
        "/v1/resolver/rules/" + ruleId + "/shares",
        owner.token(),
        "{\"accountId\":\"" + with.id() + "\"}");
  }

  protected Reply associate(Acct caller, String ruleId, String vpcId) {
    return post(
        "/v1/resolver/rules/" + ruleId + "/associations",
        caller.token(),
        "{\"vpcId\":\"" + vpcId + "\"}");
  }
}
