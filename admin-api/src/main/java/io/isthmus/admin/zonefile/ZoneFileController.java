package io.isthmus.admin.zonefile;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeJson;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.zone.file.ZoneImport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/hostedzones/{id}/import} and {@code GET /v1/hostedzones/{id}/export}: master
 * files as {@code text/dns} (RFC 4027), {@code text/plain} accepted on import. The rules live in
 * {@link ZoneFileService} and the zone module's {@code io.isthmus.zone.file}.
 */
@RestController
@RequestMapping("/v1/hostedzones/{zoneId}")
class ZoneFileController {
  /** The media type of a master file (RFC 4027 section 3). */
  static final String TEXT_DNS = "text/dns";

  private final ZoneFileService zoneFiles;

  ZoneFileController(ZoneFileService zoneFiles) {
    this.zoneFiles = zoneFiles;
  }

  /**
   * The media type is checked by {@link #body} rather than by a {@code consumes} condition, which
   * would let another type fall through to the unknown-path answer (404) instead of a 415, and only
   * once the zone is known to be the caller's, so a stranger gets the same 404 whatever it sends. A
   * bad {@code mode} is refused first: it tells nothing of the zone.
   */
  @PostMapping("/import")
  ChangeJson importFile(
      Caller caller,
      @PathVariable String zoneId,
      @RequestParam(required = false) String mode,
      HttpServletRequest request) {
    ZoneImport.Mode parsed = mode(mode);
    return ChangeJson.of(zoneFiles.importFile(caller, zoneId, () -> body(request), parsed));
  }

  /**
   * The body as text, opened once the zone is known to be the caller's: the request's stream is the
   * body limit's (RequestBodyLimitFilter), read as it arrives.
   */
  private static Reader body(HttpServletRequest request) {
    requireZoneFileType(request.getContentType());
    try {
      return new InputStreamReader(request.getInputStream(), charset(request));
    } catch (IOException e) {
      throw ZoneFileService.unreadable(e);
    }
  }

  @GetMapping("/export")
  ResponseEntity<String> export(Caller caller, @PathVariable String zoneId) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "dns", StandardCharsets.UTF_8))
        .body(zoneFiles.export(caller, zoneId));
  }

  private static void requireZoneFileType(String contentType) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.parseMediaType(contentType);
    } catch (IllegalArgumentException e) {
      type = null;
    }
    if (type == null
        || !(type.isCompatibleWith(MediaType.TEXT_PLAIN)
            || type.isCompatibleWith(MediaType.parseMediaType(TEXT_DNS)))
        || type.isWildcardSubtype()) {
      throw new ApiException(
          415,
          "UnsupportedMediaType",
          "A zone file is sent as text/dns (RFC 4027) or text/plain, not "
              + (contentType == null ? "without a Content-Type" : contentType)
              + ".",
          List.of());
    }
  }

  private static ZoneImport.Mode mode(String mode) {
    if (mode == null) {
      return ZoneImport.Mode.MERGE;
    }
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "merge" -> ZoneImport.Mode.MERGE;
      case "replace" -> ZoneImport.Mode.REPLACE;
      default -> throw ApiException.invalidInput("mode", "mode must be merge or replace");
    };
  }

  /**
   * The body's declared charset (one the JVM knows: the media type check refused any other), UTF-8
   * (a superset of the ASCII of master files) by default.
   */
  private static Charset charset(HttpServletRequest request) {
    String encoding = request.getCharacterEncoding();
    return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
  }
}
