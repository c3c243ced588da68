package io.isthmus.zone.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.RecordSet;
import io.isthmus.testsupport.BindZoneTools;
import io.isthmus.zone.ApexRecords;
import io.isthmus.zone.ChangeBatch;
import io.isthmus.zone.RecordChange;
import io.isthmus.zone.file.ZoneImport.Mode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Master files checked against the real BIND: it accepts our exports, and we read its output. */
class ZoneFileBindIT {
  private static final String ZONE = "example.com.";

  @TempDir Path dir;

  @BeforeAll
  static void bind() {
    BindZoneTools.assumeInstalled();
  }

  private static List<RecordSet> zoneWithEveryType() {
    List<RecordChange> changes =
        List.of(
            upsert("www", "A", "192.0.2.1", "192.0.2.2"),
            upsert("www", "AAAA", "2001:db8::1"),
            upsert("alias", "CNAME", "www"),
            upsert("@", "MX", "10 mail", "20 mail.other.org."),
            upsert("mail", "A", "192.0.2.3"),
            upsert("txt", "TXT", "\"v=spf1 -all\"", "\"semi;colon (paren) \\\"q\\\" \\255\""),
            upsert("spf", "SPF", "\"v=spf1 -all\""),
            upsert("_sip._tcp", "SRV", "0 5 5060 www"),
            upsert("1.2.0.192.in-addr", "PTR", "www"),
            upsert("@", "CAA", "0 issue \"ca.example.net\""),
            upsert("sub", "NS", "ns1.other.org."),
            upsert("sub", "DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
            upsert("naptr", "NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._tcp.example.com."),
            upsert("ssh", "SSHFP", "1 1 123456789ABCDEF67890123456789ABCDEF67890"),
            upsert(
                "_443._tcp",
                "TLSA",
                "3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"),
            upsert("svc", "SVCB", "1 www alpn=h2,h3 port=8443"),
            upsert("@", "HTTPS", "1 . alpn=h2 ipv4hint=192.0.2.1"),
            upsert("*.wild", "A", "192.0.2.4"),
            upsert("sp\\032ace", "A", "192.0.2.5"));
    ChangeBatch.Result result =
        ChangeBatch.apply(ZONE, ApexRecords.defaults(ZONE), changes, id -> false);
    assertThat(result.errors()).isEmpty();
    return result.recordSets();
  }

  private static RecordChange upsert(String name, String type, String... records) {
    String owner = name.equals("@") ? ZONE : name + "." + ZONE;
    return new RecordChange("UPSERT", RecordSet.simple(owner, type, 300, List.of(records)));
  }

  @Test
  void namedCheckzoneAcceptsAnExport() throws IOException {
    StringBuilder text = new StringBuilder();
    MasterFileWriter.write(ZONE, zoneWithEveryType(), text);
    Path file = Files.writeString(dir.resolve("export.zone"), text);

    BindZoneTools.Run check = BindZoneTools.checkzone(ZONE, file);

    assertThat(check.exitCode()).as(check.output() + check.errors() + "\n" + text).isZero();
    assertThat(check.output()).contains("OK");
  }

  @Test
  void aZoneWrittenByBindImportsAsItsRecords() throws IOException {
    Path handWritten =
        Files.writeString(
            dir.resolve("hand.zone"),
            """
            $ORIGIN example.com.
            $TTL 1h
            @   IN SOA ns1 hostmaster (
                    2024010101 ; serial
                    2h 15m 2w 1d )
                IN NS ns1
                IN MX 10 mail
            ns1 IN A 192.0.2.53
            mail 300 IN A 192.0.2.25
            www IN A 192.0.2.1
                IN A 192.0.2.2
                IN AAAA 2001:db8::1
            ftp IN CNAME www
            txt IN TXT ( "part one"
                         "part two ; not a comment" )
            $ORIGIN sub.example.com.
            @   IN NS ns1.other.org.
            host IN A 192.0.2.7
            """);
    String compiled = BindZoneTools.compilezone(ZONE, handWritten);
    assertThat(compiled).doesNotContain("$ORIGIN"); // BIND writes full names

    MasterFile file =
        MasterFileReader.read(new StringReader(compiled), Name.fromConstantString(ZONE), 1_000_000);
    assertThat(file.errors()).isEmpty();
    ZoneImport.Result result = ZoneImport.plan(ZONE, ApexRecords.defaults(ZONE), file, Mode.MERGE);

    assertThat(result.errors()).isEmpty();
    assertThat(result.ignoredApexRecords()).isEqualTo(2);
    assertThat(result.batch().put())
        .containsExactlyInAnyOrder(
            RecordSet.simple(ZONE, "MX", 3600, List.of("10 mail.example.com.")),
            RecordSet.simple("ns1.example.com.", "A", 3600, List.of("192.0.2.53")),
            RecordSet.simple("mail.example.com.", "A", 300, List.of("192.0.2.25")),
            RecordSet.simple("www.example.com.", "A", 3600, List.of("192.0.2.1", "192.0.2.2")),
            RecordSet.simple("www.example.com.", "AAAA", 3600, List.of("2001:db8:0:0:0:0:0:1")),
            RecordSet.simple("ftp.example.com.", "CNAME", 3600, List.of("www.example.com.")),
            RecordSet.simple(
                "txt.example.com.",
                "TXT",
                3600,
                List.of("\"part one\" \"part two ; not a comment\"")),
            RecordSet.simple("sub.example.com.", "NS", 3600, List.of("ns1.other.org.")),
            RecordSet.simple("host.sub.example.com.", "A", 3600, List.of("192.0.2.7")));
  }

  @Test
  void anExportCompiledByBindImportsBackUnchanged() throws IOException {
    List<RecordSet> zone = zoneWithEveryType();
    StringBuilder text = new StringBuilder();
    MasterFileWriter.write(ZONE, zone, text);
    String compiled =
        BindZoneTools.compilezone(ZONE, Files.writeString(dir.resolve("z.zone"), text));

    MasterFile file =
        MasterFileReader.read(new StringReader(compiled), Name.fromConstantString(ZONE), 1_000_000);
    ZoneImport.Result result = ZoneImport.plan(ZONE, zone, file, Mode.REPLACE);

    assertThat(result.errors()).as(compiled).isEmpty();
    assertThat(result.batch().put()).as(compiled).isEmpty();
    assertThat(result.batch().deleted()).isEmpty();
  }
}
