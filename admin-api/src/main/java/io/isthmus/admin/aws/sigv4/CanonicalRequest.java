package io.isthmus.admin.aws.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The canonical request of the SigV4 spec ("Create a canonical request"):
 *
 * <pre>
 * Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 * </pre>
 *
 * where CanonicalHeaders is one {@code name:value\n} line per signed header. Only the parts whose
 * rules are not obvious get their own method here.
 */
final class CanonicalRequest {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  private CanonicalRequest() {}

  /**
   * The canonical request of {@code request} with the given signed headers and payload hash; the
   * query parameters {@code omitted} leaves out (X-Amz-Signature of a presigned request, which
   * cannot sign itself) are left out of the canonical query string.
   */
  static String of(
      SignedRequest request,
      List<QueryParameter> query,
      Predicate<QueryParameter> omitted,
      List<String> signedHeaders,
      String payloadHash) {
    return request.method()
        + '\n'
        + uri(request.rawPath())
        + '\n'
        + queryString(query, omitted)
        + '\n'
        + headers(request, signedHeaders)
        + '\n'
        + String.join(";", signedHeaders)
        + '\n'
        + payloadHash;
  }

  /**
   * The canonical URI of a path as received, for every service but S3. The spec says each segment
   * is URI-encoded twice; the first encoding is the client's, so the server encodes what it
   * received once more: {@code %2A} becomes {@code %252A}. Real clients agree: botocore 1.43 signs
   * {@code quote(remove_dot_segments(path), safe='/~')} of the path it sends, where
   * remove_dot_segments applies RFC 3986 section 5.2.4 and also drops empty segments (AWS wants
   * consecutive slashes collapsed); this method does the same.
   */
  static String uri(String rawPath) {
    if (rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    String first = rawPath.startsWith("/") ? "/" : "";
    String last = rawPath.endsWith("/") && !segments.isEmpty() ? "/" : "";
    return UriEncoding.encode(first + String.join("/", segments) + last, true);
  }

  /**
   * The canonical query string: the parameters, canonically encoded, sorted by name and then value,
   * joined with {@code &}; a parameter without a value keeps its {@code =} (the spec's step 3).
   */
  static String queryString(List<QueryParameter> query, Predicate<QueryParameter> omitted) {
    return query.stream()
        .filter(omitted.negate())
        .sorted(QueryParameter.CANONICAL_ORDER)
        .map(p -> p.name() + "=" + p.value())
        .collect(Collectors.joining("&"));
  }

  /**
   * The canonical headers: one line per signed header, in the order of SignedHeaders (sorted by the
   * client, as the spec requires), the name followed by the values received, each trimmed with runs
   * of white space inside it collapsed to one space ("Trimall"), joined with commas when the header
   * came more than once. Every signed header is in the request; the verifier checks that.
   */
  static String headers(SignedRequest request, List<String> signedHeaders) {
    StringBuilder out = new StringBuilder();
    for (String name : signedHeaders) {
      out.append(name).append(':');
      out.append(
          request.header(name).stream()
              .map(CanonicalRequest::trimAll)
              .collect(Collectors.joining(",")));
      out.append('\n');
    }
    return out.toString();
  }

  /** Python's {@code ' '.join(value.split())}, which botocore uses for Trimall. */
  static String trimAll(String value) {
    return WHITE_SPACE.matcher(value.strip()).replaceAll(" ");
  }
}
