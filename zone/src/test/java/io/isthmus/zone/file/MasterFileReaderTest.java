package io.isthmus.zone.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class MasterFileReaderTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  private static MasterFile read(String text) throws IOException {
    return MasterFileReader.read(new StringReader(text), ZONE, 1000);
  }

  /** "line owner ttl TYPE rdata" of each record, for compact assertions. */
  private static List<String> lines(MasterFile file) {
    return file.records().stream()
        .map(
            r ->
                r.line()
                    + " "
                    + r.owner()
                    + " "
                    + r.ttl()
                    + " "
                    + Type.string(r.type())
                    + " "
                    + r.rdata())
        .toList();
  }

  private static List<String> errors(MasterFile file) {
    return file.errors().stream().map(e -> e.line() + ": " + e.message()).toList();
  }

  @Test
  void originCompletesRelativeNamesAndAtInOwnersAndRdata() throws IOException {
    MasterFile file =
        read(
            """
            $TTL 300
            @ IN MX 10 mail
            www IN A 192.0.2.1
            $ORIGIN sub.example.com.
            @ IN CNAME host
            host IN A 192.0.2.2
            abs.example.com. IN A 192.0.2.3
            """);
    assertThat(errors(file)).isEmpty();
    assertThat(lines(file))
        .containsExactly(
            "2 example.com. 300 MX 10 mail.example.com.",
            "3 www.example.com. 300 A 192.0.2.1",
            "5 sub.example.com. 300 CNAME host.sub.example.com.",
            "6 host.sub.example.com. 300 A 192.0.2.2",
            "7 abs.example.com. 300 A 192.0.2.3");
  }

  @Test
  void relativeOriginIsAppendedToTheCurrentOne() throws IOException {
    MasterFile file = read("$TTL 60\n$ORIGIN a\n$ORIGIN b\nx A 192.0.2.1\n");
    assertThat(lines(file)).containsExactly("4 x.b.a.example.com. 60 A 192.0.2.1");
  }

  @Test
  void ttlComesFromTheRecordThenTtlDirectiveThenTheLastExplicitOne() throws IOException {
    MasterFile withDefault = read("$TTL 1h\na 30 A 192.0.2.1\nb A 192.0.2.2\n");
    assertThat(lines(withDefault))
        .containsExactly("2 a.example.com. 30 A 192.0.2.1", "3 b.example.com. 3600 A 192.0.2.2");
    MasterFile withoutDefault = read("a 1h30m A 192.0.2.1\nb A 192.0.2.2\n");
    assertThat(lines(withoutDefault))
        .containsExactly("1 a.example.com. 5400 A 192.0.2.1", "2 b.example.com. 5400 A 192.0.2.2");
  }

  @Test
  void noTtlAtAllIsAnError() throws IOException {
    assertThat(errors(read("a A 192.0.2.1\n")))
        .containsExactly("1: no TTL: give one or set $TTL before the first record");
  }

  @Test
  void ttlAndClassComeInEitherOrder() throws IOException {
    MasterFile file = read("a 10 IN A 192.0.2.1\nb IN 20 A 192.0.2.2\nc in 30 a 192.0.2.3\n");
    assertThat(errors(file)).isEmpty();
    assertThat(lines(file))
        .containsExactly(
            "1 a.example.com. 10 A 192.0.2.1",
            "2 b.example.com. 20 A 192.0.2.2",
            "3 c.example.com. 30 A 192.0.2.3");
  }

  @Test
  void blankOwnerRepeatsThePreviousOwner() throws IOException {
    MasterFile file = read("$TTL 60\nwww A 192.0.2.1\n  A 192.0.2.2\n\tAAAA ::1\n");
    assertThat(lines(file))
        .containsExactly(
            "2 www.example.com. 60 A 192.0.2.1",
            "3 www.example.com. 60 A 192.0.2.2",
            "4 www.example.com. 60 AAAA 0:0:0:0:0:0:0:1");
  }

  @Test
  void blankOwnerOnTheFirstRecordIsAnError() throws IOException {
    assertThat(errors(read("$TTL 60\n  A 192.0.2.1\n")))
        .containsExactly("2: no owner name, and no previous record to take it from");
  }

  @Test
  void parenthesesContinueARecordOverLinesWithComments() throws IOException {
    MasterFile file =
        read(
            """
            $TTL 300
            @ IN SOA ns1 hostmaster ( ; the SOA
                2024010101 ; serial
                7200 900
                1209600 86400 )
            txt TXT ( "one"
                      "two" )
            """);
    assertThat(errors(file)).isEmpty();
    assertThat(lines(file))
        .containsExactly(
            "2 example.com. 300 SOA ns1.example.com. hostmaster.example.com. 2024010101 7200 900"
                + " 1209600 86400",
            "6 txt.example.com. 300 TXT \"one\" \"two\"");
  }

  @Test
  void quotedStringsKeepSemicolonsParenthesesAndEscapes() throws IOException {
    MasterFile file = read("$TTL 60\nt TXT \"a;b (c)\" \"q\\\"x\" \"\\065\\066\"\n");
    assertThat(errors(file)).isEmpty();
    assertThat(lines(file))
        .containsExactly("2 t.example.com. 60 TXT \"a;b (c)\" \"q\\\"x\" \"AB\"");
  }

  @Test
  void escapesInOwnerNames() throws IOException {
    MasterFile file = read("$TTL 60\na\\032b A 192.0.2.1\nc\\.d A 192.0.2.2\n");
    assertThat(errors(file)).isEmpty();
    assertThat(file.records().get(0).owner().getLabelString(0)).isEqualTo("a\\032b");
    assertThat(file.records().get(1).owner().labels()).isEqualTo(4);
  }

  @Test
  void crlfLineEndingsAndCommentLinesAreFine() throws IOException {
    MasterFile file = read("; header\r\n$TTL 60\r\n\r\nwww A 192.0.2.1 ; trailing\r\n");
    assertThat(errors(file)).isEmpty();
    assertThat(lines(file)).containsExactly("4 www.example.com. 60 A 192.0.2.1");
  }

  @Test
  void includeAndGenerateAreRefusedWithTheirLines() throws IOException {
    MasterFile file =
        read("$TTL 60\n$INCLUDE other.zone\nwww A 192.0.2.1\n$GENERATE 1-3 h$ A 192.0.2.$\n");
    assertThat(errors(file))
        .containsExactly(
            "2: $INCLUDE is not supported: an import is one file; put the included records in it",
            "4: $GENERATE is not supported: expand it first (named-compilezone -o - writes the"
                + " expanded zone)");
    assertThat(lines(file)).containsExactly("3 www.example.com. 60 A 192.0.2.1");
  }

  @Test
  void badDirectives() throws IOException {
    MasterFile file = read("$TTL\n$TTL 1x\n$ORIGIN\n$ORIGIN a..b\n$FOO x\n$TTL 5 6\n");
    assertThat(errors(file))
        .containsExactly(
            "1: $TTL takes one TTL",
            "2: invalid $TTL: 1x",
            "3: $ORIGIN takes one domain name",
            "4: invalid $ORIGIN: 'a..b': invalid empty label",
            "5: unknown directive $FOO",
            "6: $TTL takes one TTL");
  }

  @Test
  void directivesAreCaseInsensitiveAndOnlyAtTheLineStart() throws IOException {
    MasterFile file = read("$ttl 60\n$origin sub\nx A 192.0.2.1\n");
    assertThat(lines(file)).containsExactly("3 x.sub.example.com. 60 A 192.0.2.1");
    assertThat(errors(read("$TTL 60\nx A 192.0.2.1\n  $TTL 30\n")))
        .containsExactly("3: unknown record type $TTL");
  }

  @Test
  void everyErrorIsReportedWithItsLineAndGoodRecordsAreStillRead() throws IOException {
    MasterFile file =
        read(
            """
            $TTL 60
            a A 192.0.2.999
            b 60 CH A 192.0.2.1
            c 60 IN BOGUS x
            d 60 IN
            other.org. A 192.0.2.1
            "q" A 192.0.2.1
            e 1x A 192.0.2.1
            ok A 192.0.2.1
            f MX ten mail
            """);
    assertThat(errors(file))
        .containsExactly(
            "2: invalid A record: Invalid address: 192.0.2.999",
            "3: class CH is not supported; records are IN",
            "4: unknown record type BOGUS",
            "5: missing record type",
            "6: other.org. is outside the zone example.com.",
            "7: invalid owner name: \"q\"",
            "8: invalid TTL: 1x",
            "10: invalid MX record: expected an integer");
    assertThat(lines(file)).containsExactly("9 ok.example.com. 60 A 192.0.2.1");
  }

  @Test
  void unbalancedParenthesesAndQuotes() throws IOException {
    MasterFile file =
        read("$TTL 60\na A 192.0.2.1 )\nb TXT \"open\nc A 192.0.2.2\nd TXT ( \"x\"\n");
    assertThat(errors(file))
        .containsExactly(
            "2: ')' without a matching '('",
            "3: quoted string not closed on its line",
            "5: '(' not closed before the end of the file");
    assertThat(lines(file)).containsExactly("4 c.example.com. 60 A 192.0.2.2");
  }

  @Test
  void invalidOwnerName() throws IOException {
    assertThat(errors(read("$TTL 60\na..b A 192.0.2.1\n")))
        .containsExactly("2: invalid owner name: 'a..b': invalid empty label");
  }

  @Test
  void genericRdataAndTypeNumbers() throws IOException {
    MasterFile file = read("$TTL 60\na TYPE1 \\# 4 c0000201\n");
    assertThat(lines(file)).containsExactly("2 a.example.com. 60 A 192.0.2.1");
  }

  @Test
  void ttlAboveTheSignedRangeIsAnError() throws IOException {
    MasterFile file = read("a 2147483647 A 192.0.2.1\nb 2147483648 A 192.0.2.1\n");
    assertThat(lines(file)).containsExactly("1 a.example.com. 2147483647 A 192.0.2.1");
    assertThat(errors(file)).containsExactly("2: TTL 2147483648 is above 2147483647");
  }

  @Test
  void recordLimit() throws IOException {
    String two = "$TTL 60\na A 192.0.2.1\nb A 192.0.2.2\n";
    assertThat(MasterFileReader.read(new StringReader(two), ZONE, 2).recordCount()).isEqualTo(2);
    assertThatThrownBy(() -> MasterFileReader.read(new StringReader(two), ZONE, 1))
        .isInstanceOfSatisfying(TooManyRecords.class, e -> assertThat(e.maxRecords()).isEqualTo(1))
        .hasMessage("the zone file holds more than 1 records");
  }

  @Test
  void duplicateRecordsAreKeptForTheImportToDrop() throws IOException {
    MasterFile file = read("$TTL 60\na A 192.0.2.1\na A 192.0.2.1\n");
    assertThat(file.recordCount()).isEqualTo(2);
  }
}
