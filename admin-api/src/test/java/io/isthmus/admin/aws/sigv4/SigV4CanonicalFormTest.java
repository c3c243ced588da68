package io.isthmus.admin.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical URI, query string and header values, against botocore's and the spec's rules. */
class SigV4CanonicalFormTest {

  @Test
  void canonicalUrisAreBotocores() {
    List<String> table = BotocoreFixtures.CANONICAL_URIS;
    for (int i = 0; i < table.size(); i += 2) {
      assertThat(CanonicalRequest.uri(table.get(i))).as(table.get(i)).isEqualTo(table.get(i + 1));
    }
  }

  @Test
  void aPathIsEncodedOnceMoreAsReceived() {
    // The Route 53 path of a record name with a wildcard, as a client sends it.
    assertThat(CanonicalRequest.uri("/2013-04-01/hostedzone/Z1/rrset/%2A.example.com"))
        .isEqualTo("/2013-04-01/hostedzone/Z1/rrset/%252A.example.com");
  }

  @Test
  void canonicalQueryStringsAreBotocores() {
    List<String> table = BotocoreFixtures.CANONICAL_QUERIES;
    for (int i = 0; i < table.size(); i += 2) {
      assertThat(canonicalQuery(table.get(i))).as(table.get(i)).isEqualTo(table.get(i + 1));
    }
  }

  @Test
  void equivalentSpellingsOfAQueryAreCanonicalizedAlike() {
    assertThat(canonicalQuery("k=%7e")).isEqualTo("k=~");
    assertThat(canonicalQuery("k=%2a&j=%41")).isEqualTo("j=A&k=%2A");
    assertThat(canonicalQuery("k=*")).isEqualTo("k=%2A");
    assertThat(canonicalQuery("acl")).isEqualTo("acl=");
    assertThat(canonicalQuery("a=1&&b=2&")).isEqualTo("a=1&b=2");
    assertThat(canonicalQuery("k=a=b")).isEqualTo("k=a%3Db");
    assertThat(canonicalQuery("")).isEmpty();
  }

  @Test
  void aPlusIsAPlusAndAStrayPercentIsAPercent() {
    assertThat(canonicalQuery("k=a+b")).isEqualTo("k=a%2Bb");
    assertThat(canonicalQuery("k=%zz&j=%4")).isEqualTo("j=%254&k=%25zz");
  }

  @Test
  void headerValuesAreTrimmedWithInnerRunsOfWhiteSpaceCollapsed() {
    assertThat(CanonicalRequest.trimAll("  a   b \t c  ")).isEqualTo("a b c");
    assertThat(CanonicalRequest.trimAll("\"a  b\"")).isEqualTo("\"a b\"");
  }

  @Test
  void aHeaderSentTwiceSignsItsValuesJoinedWithCommas() {
    SignedRequest request =
        new SignedRequest(
            "GET",
            "/",
            null,
            Requests.headers(
                List.of(
                    BotocoreFixtures.header("X-Multi", " a  b "),
                    BotocoreFixtures.header("x-multi", "c"),
                    BotocoreFixtures.header("Host", "h"))),
            new byte[0]);

    assertThat(CanonicalRequest.headers(request, List.of("host", "x-multi")))
        .isEqualTo("host:h\nx-multi:a b,c\n");
  }

  private static String canonicalQuery(String raw) {
    return CanonicalRequest.queryString(QueryParameter.parse(raw), p -> false);
  }
}
