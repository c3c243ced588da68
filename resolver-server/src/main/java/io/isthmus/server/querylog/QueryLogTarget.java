package io.isthmus.server.querylog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one query-log configuration writes (docs/spec/admin-api.md "Troubleshooting"): {@code
 * stdout}, or {@code file:NAME} → {@code <data dir>/query-logs/<owner directory>/NAME.jsonl}.
 * Validated here again, although the API validates too, because the values become a file path.
 * Immutable.
 *
 * @param configId the query-log configuration's id (for the writer's own log messages)
 * @param ownerAccountId the configuration's owner account, or null for the operator's (whose files
 *     go to {@value #OPERATOR_DIRECTORY}, which no 12-digit account id can collide with)
 * @param destination {@value #STDOUT} or {@code file:NAME}, NAME matching {@code
 *     [A-Za-z0-9._-]{1,64}}
 */
public record QueryLogTarget(String configId, String ownerAccountId, String destination) {

  public static final String STDOUT = "stdout";
  public static final String FILE_PREFIX = "file:";
  public static final String OPERATOR_DIRECTORY = "operator";

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** A directory name: no dots at all, so never "." or "..". */
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public QueryLogTarget {
    Objects.requireNonNull(configId, "configId");
    if (!isValidDestination(destination)) {
      throw new IllegalArgumentException(
          "query log destination must be stdout or file:NAME with NAME matching"
              + " [A-Za-z0-9._-]{1,64}: "
              + destination);
    }
    if (ownerAccountId != null && !OWNER.matcher(ownerAccountId).matches()) {
      throw new IllegalArgumentException("not an account id: " + ownerAccountId);
    }
  }

  /** True for {@code stdout} and for {@code file:NAME} with a valid NAME. */
  public static boolean isValidDestination(String destination) {
    if (STDOUT.equals(destination)) {
      return true;
    }
    return destination != null
        && destination.startsWith(FILE_PREFIX)
        && FILE_NAME.matcher(destination.substring(FILE_PREFIX.length())).matches();
  }

  public boolean isStdout() {
    return STDOUT.equals(destination);
  }

  /** The file's NAME, or null for stdout. */
  public String fileName() {
    return isStdout() ? null : destination.substring(FILE_PREFIX.length());
  }

  /** The owner's directory under {@code <data dir>/query-logs/}. */
  public String ownerDirectory() {
    return ownerAccountId == null ? OPERATOR_DIRECTORY : ownerAccountId;
  }
}
