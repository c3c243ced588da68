package io.isthmus.config;

/**
 * A query-logging configuration (Route 53 Resolver's ResolverQueryLogConfig): where the queries of
 * the VPCs associated with it are logged. {@code ownerAccountId} is null for a configuration the
 * operator created, which only the operator sees. {@code destination} is {@value #STDOUT} (the
 * operator's only) or {@code file:NAME}, NAME matching {@code [A-Za-z0-9._-]{1,64}}; the API
 * validates it, the store only holds it. Immutable.
 */
public record QueryLogConfig(String id, String ownerAccountId, String name, String destination) {
  /** The destination that writes to the node's standard output. */
  public static final String STDOUT = "stdout";

  /** The prefix of a file destination; the rest is the file's NAME. */
  public static final String FILE_PREFIX = "file:";

  /**
   * The directory under {@code <data dir>/query-logs/} of the operator's files. Account ids are 12
   * digits, so it never collides with an account's directory.
   */
  public static final String OPERATOR_DIRECTORY = "operator";

  /** True for a configuration the operator created. */
  public boolean operatorOwned() {
    return ownerAccountId == null;
  }

  public boolean isStdout() {
    return STDOUT.equals(destination);
  }

  /** The NAME of a {@code file:NAME} destination, or null for another one. */
  public String fileName() {
    return destination != null && destination.startsWith(FILE_PREFIX)
        ? destination.substring(FILE_PREFIX.length())
        : null;
  }

  /**
   * The directory of the owner's log files under {@code <data dir>/query-logs/}: the account id, or
   * {@value #OPERATOR_DIRECTORY}. A file destination writes {@code <that directory>/NAME.jsonl}.
   */
  public String ownerDirectory() {
    return operatorOwned() ? OPERATOR_DIRECTORY : ownerAccountId;
  }
}
