package io.isthmus.admin.aws.route53;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URL a {@code /v1} HTTP or HTTPS check probes, and the parts Route 53 gives it in: a host
 * (IPAddress or FullyQualifiedDomainName), a Port and a ResourcePath. Immutable.
 *
 * @param https the scheme
 * @param ipAddress the host when it is an address literal (IPv6 without brackets), else null
 * @param hostName the host when it is a name, else null
 * @param port always given: the scheme's default when the URL has none
 * @param resourcePath the path and query, null when the URL has neither
 */
record ProbeUrl(boolean https, String ipAddress, String hostName, int port, String resourcePath) {
  static final int HTTP_PORT = 80;
  static final int HTTPS_PORT = 443;

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  /** Whether a URL's host is an address literal, not a name. */
  static boolean isAddress(String host) {
    return host.startsWith("[") || IPV4.matcher(host).matches();
  }

  static int defaultPort(boolean https) {
    return https ? HTTPS_PORT : HTTP_PORT;
  }

  /** The URL; the port is written only when it is not the scheme's default. */
  String url() {
    String host = ipAddress == null ? hostName : ipAddress;
    StringBuilder url =
        new StringBuilder(https ? "https://" : "http://")
            .append(host.contains(":") ? "[" + host + "]" : host);
    if (port != defaultPort(https)) {
      url.append(':').append(port);
    }
    return url.append(resourcePath == null ? "" : resourcePath).toString();
  }

  /** The parts of a stored check's URL; a URL that is not one (the API refuses those) is empty. */
  static ProbeUrl of(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return new ProbeUrl(false, null, null, HTTP_PORT, null);
    }
    boolean https = "https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT));
    String host = uri.getHost() == null ? "" : uri.getHost();
    boolean literal = isAddress(host);
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new ProbeUrl(
        https,
        literal ? bare : null,
        literal ? null : bare,
        uri.getPort() < 0 ? defaultPort(https) : uri.getPort(),
        path.isEmpty() ? null : path);
  }
}
