package io.isthmus.admin.aws.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.aws.resolver.ResolverArns.Arn;
import io.isthmus.admin.aws.resolver.ResolverArns.Kind;
import io.isthmus.config.Subnet;
import io.isthmus.config.TargetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ARNs, destinations and subnet addresses: the facade's small pure parts. */
class ResolverArnsTest {

  @Test
  void everyKindRoundTrips() {
    for (Kind kind : Kind.values()) {
      String text = ResolverArns.of(kind, "us-east-2", "123456789012", "rslvr-x-1");
      Arn arn = ResolverArns.parse(text).orElseThrow();
      assertThat(arn).isEqualTo(new Arn("us-east-2", "123456789012", kind, "rslvr-x-1"));
      assertThat(arn.toString()).isEqualTo(text);
    }
    assertThat(ResolverArns.rule("eu-west-1", "123456789012", "rslvr-rr-1"))
        .isEqualTo("arn:aws:route53resolver:eu-west-1:123456789012:resolver-rule/rslvr-rr-1");
    assertThat(
            ResolverArns.parse(
                "arn:aws:route53resolver:eu-west-1:123456789012:resolver-endpoint/e"))
        .contains(new Arn("eu-west-1", "123456789012", Kind.ENDPOINT, "e"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "arn:aws:route53resolver:eu-west-1:123456789012:resolver-rule-association/x",
        "arn:aws:route53resolver:eu-west-1:12345678901:resolver-rule/x",
        "arn:aws:route53:eu-west-1:123456789012:resolver-rule/x",
        "arn:aws:route53resolver:eu-west-1:123456789012:resolver-rule/",
        "arn:aws:route53resolver:eu-west-1:123456789012:resolver-rule/x/y",
        "xarn:aws:route53resolver:eu-west-1:123456789012:resolver-rule/x",
        "arn:aws:route53resolver:EU:123456789012:resolver-rule/x",
      })
  void whatIsNotTheArnOfAResolverResourceIsNotParsed(String text) {
    assertThat(ResolverArns.parse(text)).isEmpty();
  }

  @Test
  void nullIsNotAnArn() {
    assertThat(ResolverArns.parse(null)).isEmpty();
  }

  @Test
  void aDestinationArnNamesTheFileByItsLastSegment() {
    assertThat(QueryLogDestinations.of("arn:aws:s3:::bucket")).isEqualTo("file:bucket");
    assertThat(QueryLogDestinations.of("arn:aws:s3:::bucket/a/b//")).isEqualTo("file:b");
    assertThat(QueryLogDestinations.of("arn:aws:logs:us-east-1:123456789012:log-group:/dns/logs:*"))
        .isEqualTo("file:logs");
    assertThat(QueryLogDestinations.of("arn:aws:logs:us-east-1:123456789012:log-group:g"))
        .isEqualTo("file:g");
    assertThat(
            QueryLogDestinations.of(
                "arn:aws:firehose:us-east-1:123456789012:deliverystream/stream"))
        .isEqualTo("file:stream");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bucket", "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:s3:::"})
  void anythingElseIsNotADestination(String arn) {
    if (arn.equals("arn:aws:s3:::")) {
      // An ARN without a resource names no file: /v1 refuses the empty NAME.
      assertThat(QueryLogDestinations.of(arn + "x")).isEqualTo("file:x");
      return;
    }
    try {
      QueryLogDestinations.of(arn);
      throw new AssertionError(arn + " was accepted");
    } catch (ResolverException e) {
      assertThat(e.code()).isEqualTo("InvalidParameterException");
    }
  }

  @Test
  void theLowestFreeAddressSkipsTheReservedOnesAndThoseTaken() {
    Subnet subnet = new Subnet("subnet-1", "1", "vpc-1", "10.0.0.16/28", "a");
    assertThat(SubnetAddresses.lowestFree(subnet, Set.of())).isEqualTo("10.0.0.20");
    assertThat(
            SubnetAddresses.lowestFree(
                subnet,
                Set.of(new TargetAddress("10.0.0.20", 53), new TargetAddress("10.0.0.21", 5353))))
        .isEqualTo("10.0.0.21");
    Subnet tiny = new Subnet("subnet-2", "1", "vpc-1", "10.0.0.0/29", "a");
    assertThat(SubnetAddresses.lowestFree(tiny, Set.of(new TargetAddress("10.0.0.4", 53))))
        .isEqualTo("10.0.0.5");
    try {
      SubnetAddresses.lowestFree(
          tiny,
          Set.of(
              new TargetAddress("10.0.0.4", 53),
              new TargetAddress("10.0.0.5", 53),
              new TargetAddress("10.0.0.6", 53)));
      throw new AssertionError("the last address was handed out");
    } catch (ResolverException e) {
      assertThat(e.code()).isEqualTo("InvalidRequestException");
    }
    Subnet v6 = new Subnet("subnet-3", "1", "vpc-1", "fd00::/120", "a");
    assertThat(SubnetAddresses.lowestFree(v6, Set.of())).isEqualTo("fd00:0:0:0:0:0:0:4");
    assertThat(SubnetAddresses.within(subnet, "10.0.0.31")).isTrue();
    assertThat(SubnetAddresses.within(subnet, "10.0.0.32")).isFalse();
    assertThat(SubnetAddresses.within(subnet, "10.0.0.15")).isFalse();
    assertThat(SubnetAddresses.within(subnet, "fd00::1")).isFalse();
    assertThat(SubnetAddresses.within(subnet, "not-an-ip")).isFalse();
    assertThat(SubnetAddresses.holding(List.of(tiny, subnet), "10.0.0.17")).contains(subnet);
    assertThat(SubnetAddresses.holding(List.of(tiny, subnet), "10.0.1.1")).isEmpty();
  }
}
