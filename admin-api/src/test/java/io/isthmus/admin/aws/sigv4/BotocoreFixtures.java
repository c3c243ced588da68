package io.isthmus.admin.aws.sigv4;

import java.util.List;
import java.util.Map;

/**
 * Requests signed by the real botocore 1.43.11 (boto3 1.43.11, Python 3.11), pasted here as data.
 *
 * <p>Made by a throw-away script outside the repository: {@code botocore.auth.SigV4Auth} (or {@code
 * SigV4QueryAuth} with expires=3600 for the presigned one) signed {@code
 * botocore.awsrequest.AWSRequest}s with access key {@link #ACCESS_KEY_ID} and secret {@link
 * #SECRET} (AWS's documented example key), with {@code botocore.auth.get_current_datetime} patched
 * to return 2015-08-30T12:36:00Z ({@link #SIGNED_AT}); the two {@code boto3...} fixtures are what
 * real boto3 clients (route53 list_resource_record_sets, sts get_caller_identity) sent to
 * http://localhost:8080, captured in botocore's {@code before-send} event. The headers are every
 * header the request carried, signed or not (boto3 adds user-agent and amz-sdk-* unsigned).
 *
 * <p>The two tables are botocore's canonical forms: {@code SigV4Auth._normalize_url_path} of raw
 * paths, and {@code SigV4Auth._canonical_query_string_url} of query strings built by {@code
 * botocore.utils.percent_encode_sequence} (how botocore writes a request's query parameters).
 */
final class BotocoreFixtures {
  static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String SIGNED_AT = "2015-08-30T12:36:00Z";

  private BotocoreFixtures() {}

  /** One signed request as botocore sent it. */
  record Fixture(
      String name,
      String method,
      String path,
      String query,
      List<Map.Entry<String, String>> headers,
      String body,
      String region,
      String service) {
    boolean presigned() {
      return query.contains("X-Amz-Signature=");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Map.Entry<String, String> header(String name, String value) {
    return Map.entry(name, value);
  }

  static final List<Fixture> ALL =
      List.of(
          new Fixture(
              "iamListUsers",
              "GET",
              "/",
              "Action=ListUsers&Version=2010-05-08",
              List.of(
                  header("host", "iam.amazonaws.com"),
                  header("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")),
              "",
              "us-east-1",
              "iam"),
          new Fixture(
              "route53CreateHostedZone",
              "POST",
              "/2013-04-01/hostedzone",
              "",
              List.of(
                  header("host", "route53.amazonaws.com"),
                  header("content-type", "text/xml"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=8916e5fff1d8c272fe1131a056ee8e68959df1ed51bb80d5115eb0ab052c4006")),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>example.com.</Name><CallerReference>ref-1</CallerReference></CreateHostedZoneRequest>",
              "us-east-1",
              "route53"),
          new Fixture(
              "route53ListRrsets",
              "GET",
              "/2013-04-01/hostedzone/Z1/rrset",
              "name=a%2Ab.example.&type=A&maxitems=300",
              List.of(
                  header("host", "route53.amazonaws.com"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=a3a8414d5f349771c3546c85b27bd196f7bd1211be3385186c6572587b973a74")),
              "",
              "us-east-1",
              "route53"),
          new Fixture(
              "route53EscapedPath",
              "GET",
              "/2013-04-01/healthcheck/a%2Ab%20c:d@e/status",
              "",
              List.of(
                  header("host", "route53.amazonaws.com"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=b7d6c1bca8726da88db73d522efa019a7187c529d7119865ae58ca5c45986b38")),
              "",
              "us-east-1",
              "route53"),
          new Fixture(
              "cloudWatchPutMetricData",
              "POST",
              "/",
              "",
              List.of(
                  header("host", "monitoring.us-west-2.amazonaws.com"),
                  header("x-amz-target", "GraniteServiceVersion20100801.PutMetricData"),
                  header("content-type", "application/x-amz-json-1.0"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/monitoring/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=45b620fa161a8c7e9578d03ae81d9fda49824fd17d3b492f54574c71b7541710")),
              "{\"Namespace\": \"Isthmus\", \"MetricData\": [{\"MetricName\": \"Queries\", \"Value\": 1.5, \"Unit\": \"Count\"}]}",
              "us-west-2",
              "monitoring"),
          new Fixture(
              "stsGetCallerIdentity",
              "POST",
              "/",
              "",
              List.of(
                  header("host", "sts.amazonaws.com"),
                  header("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=6fb20d31f734d876c5682fdd2678d194cf68b862755f83b7ba1373c0874be25c")),
              "Action=GetCallerIdentity&Version=2011-06-15",
              "us-east-1",
              "sts"),
          new Fixture(
              "route53ContentSha256",
              "POST",
              "/2013-04-01/hostedzone/Z1/rrset/",
              "",
              List.of(
                  header("host", "route53.amazonaws.com"),
                  header("content-type", "text/xml"),
                  header(
                      "x-amz-content-sha256",
                      "2c6352e0cde9a62688da66e61a9765a02204359dffa7bf62198a949e6a1ed153"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=f0919df1d797482e9046b0ff9d8f0189652d24d31ed77fd9b6af7d7338b5a9fc")),
              "<ChangeResourceRecordSetsRequest/>",
              "us-east-1",
              "route53"),
          new Fixture(
              "route53UnsignedPayload",
              "POST",
              "/2013-04-01/hostedzone/Z1/rrset/",
              "",
              List.of(
                  header("host", "route53.amazonaws.com"),
                  header("content-type", "text/xml"),
                  header("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=f3b772baeaa3b9487f4eecc43586266172d8fefe907913a8a3e2a81be960d218")),
              "<ChangeResourceRecordSetsRequest/>",
              "us-east-1",
              "route53"),
          new Fixture(
              "ec2DateHeader",
              "POST",
              "/",
              "",
              List.of(
                  header("host", "ec2.us-east-1.amazonaws.com"),
                  header("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                  header("date", "Sun, 30 Aug 2015 12:36:00 -0000"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, SignedHeaders=content-type;date;host, Signature=639f9f2e8334e1f0b33f507470e92a3cf7a05d9640e2813dd62244fbbcdfe45f")),
              "Action=DescribeRegions&Version=2016-11-15",
              "us-east-1",
              "ec2"),
          new Fixture(
              "stsPresigned",
              "GET",
              "/",
              "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=6f70c7e5be3fb188d394164459b78aed61615460356f74ca474e903c6c4d167b",
              List.of(header("host", "sts.amazonaws.com")),
              "",
              "us-east-1",
              "sts"),
          new Fixture(
              "boto3Route53ListRrsets",
              "GET",
              "/2013-04-01/hostedzone/Z1/rrset",
              "name=a%2Ab.example.&type=A&maxitems=300",
              List.of(
                  header("host", "localhost:8080"),
                  header(
                      "user-agent",
                      "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v1300 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,D,b,e,Z cfg/retry-mode#legacy Botocore/1.43.11"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=d0d7418bb764f3e867ef98ebdd705abdcc09dbbd620403c8b6bf14f0cc8c5f7b"),
                  header("amz-sdk-invocation-id", "fa69c5ff-6ba7-4479-b3e5-4f22e347df78"),
                  header("amz-sdk-request", "attempt=1")),
              "",
              "us-east-1",
              "route53"),
          new Fixture(
              "boto3StsGetCallerIdentity",
              "POST",
              "/",
              "",
              List.of(
                  header("host", "localhost:8080"),
                  header("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                  header(
                      "user-agent",
                      "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v1300 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,D,b,e,Z cfg/retry-mode#legacy Botocore/1.43.11"),
                  header("x-amz-date", "20150830T123600Z"),
                  header(
                      "authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=53bcc24522cadbc59b5141074a7facfa991d42c59b03ee41889b7924b26af0de"),
                  header("amz-sdk-invocation-id", "99b4220e-2254-4da2-9a56-a04364c4154c"),
                  header("amz-sdk-request", "attempt=1"),
                  header("content-length", "43")),
              "Action=GetCallerIdentity&Version=2011-06-15",
              "us-east-1",
              "sts"));

  /** Raw path as sent, then botocore's canonical URI of it, alternately. */
  static final List<String> CANONICAL_URIS =
      List.of(
          "/", "/",
          "", "/",
          "/2013-04-01/hostedzone/Z1/rrset", "/2013-04-01/hostedzone/Z1/rrset",
          "/2013-04-01/healthcheck/a%2Ab%20c:d@e/status",
              "/2013-04-01/healthcheck/a%252Ab%2520c%3Ad%40e/status",
          "/a/./b/../c", "/a/c",
          "//double//slash/", "/double/slash/",
          "/trailing/", "/trailing/",
          "/~tilde-_.", "/~tilde-_.",
          "/%7E", "/%257E",
          "/\u00e9t\u00e9", "/%C3%A9t%C3%A9",
          "/a+b", "/a%2Bb",
          "/a=b;c,d!$'()*", "/a%3Db%3Bc%2Cd%21%24%27%28%29%2A",
          "/../x", "/x",
          "/a%2Fb", "/a%252Fb",
          "/..", "/",
          "/./", "/");

  /**
   * Raw query string as botocore writes it, then botocore's canonical query string, alternately.
   */
  static final List<String> CANONICAL_QUERIES =
      List.of(
          "name=a%2Ab.example.&type=A&maxitems=300", "maxitems=300&name=a%2Ab.example.&type=A",
          "b=2&a=1&A=0&_=x", "A=0&_=x&a=1&b=2",
          "k=v%20w", "k=v%20w",
          "k=~-_.", "k=~-_.",
          "k=%C3%BC%2F%3F%26%3D%2B%25", "k=%C3%BC%2F%3F%26%3D%2B%25",
          "a=2&a=1&a=10", "a=1&a=10&a=2",
          "empty=&Action=ListUsers", "Action=ListUsers&empty=",
          "Filter.1.Name=tag%3AName&Filter.1.Value.1=web%2A",
              "Filter.1.Name=tag%3AName&Filter.1.Value.1=web%2A");
}
