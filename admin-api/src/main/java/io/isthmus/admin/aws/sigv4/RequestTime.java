package io.isthmus.admin.aws.sigv4;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * When a request says it was signed: the instant, and the same instant in the ISO 8601 basic form
 * {@code 20150830T123600Z} ("amz date") that the string to sign and the credential scope use.
 *
 * @param instant the signing time
 * @param amzDate the signing time as {@code yyyyMMdd'T'HHmmss'Z'}
 */
record RequestTime(Instant instant, String amzDate) {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  /** The day, {@code yyyyMMdd}, which the credential scope must name. */
  String day() {
    return amzDate.substring(0, 8);
  }

  /** Parses an X-Amz-Date value, header or query parameter. */
  static RequestTime fromAmzDate(String value, String source) throws RejectedException {
    try {
      Instant instant = LocalDateTime.parse(value, AMZ_DATE).toInstant(ZoneOffset.UTC);
      return new RequestTime(instant, value);
    } catch (DateTimeParseException e) {
      throw RejectedException.incomplete(
          source + " must be in ISO 8601 basic format, yyyyMMdd'T'HHmmss'Z'.");
    }
  }

  /**
   * Parses a {@code Date} header (RFC 9110 section 5.6.7, the RFC 1123 form), which SigV4 accepts
   * when there is no X-Amz-Date; the string to sign then carries the same instant as an amz date.
   */
  static RequestTime fromHttpDate(String value) throws RejectedException {
    try {
      Instant instant =
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return new RequestTime(instant, AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC)));
    } catch (DateTimeParseException e) {
      throw RejectedException.incomplete("The Date header must be an RFC 1123 date.");
    }
  }
}
