package io.isthmus.server.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Tells a store that cannot be reached from one that refused a statement. Stateless. */
final class StoreFailures {
  /** SQLSTATE class 08, "connection exception" (ISO/IEC 9075; PostgreSQL and H2 use it). */
  private static final String CONNECTION_EXCEPTION_CLASS = "08";

  /**
   * PostgreSQL's 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now: what a
   * pooled connection reports first after the server stopped or while it starts.
   */
  private static final String SERVER_SHUTDOWN = "57P0";

  private StoreFailures() {}

  /**
   * Whether {@code failure} or one of its causes says the database could not be reached: the pool
   * timed out waiting for a connection, the driver could not connect, or the connection broke.
   */
  static boolean isUnreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof ConnectException
          || cause instanceof SocketTimeoutException
          || cause instanceof UnknownHostException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS)
              || sql.getSQLState().startsWith(SERVER_SHUTDOWN))) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }
}
