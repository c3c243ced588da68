package io.isthmus.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.StoreException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

  private static StoreException wrapped(Throwable cause) {
    return new StoreException("cannot write the configuration", cause);
  }

  @Test
  void connectionFailuresAnywhereInTheChainAreUnreachable() {
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLTransientConnectionException("pool"))))
        .isTrue();
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLNonTransientConnectionException("x"))))
        .isTrue();
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLException("io", "08006")))).isTrue();
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLException("down", "57P01")))).isTrue();
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLException("start", "57P03")))).isTrue();
    assertThat(
            StoreFailures.isUnreachable(
                wrapped(new RuntimeException(new ConnectException("refused")))))
        .isTrue();
    assertThat(StoreFailures.isUnreachable(new SocketTimeoutException())).isTrue();
    assertThat(StoreFailures.isUnreachable(new UnknownHostException("db"))).isTrue();
  }

  @Test
  void refusedStatementsAreNot() {
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLException("dup", "23505")))).isFalse();
    assertThat(StoreFailures.isUnreachable(wrapped(new SQLException("no state")))).isFalse();
    assertThat(StoreFailures.isUnreachable(new StoreException("identity violation"))).isFalse();
    assertThat(StoreFailures.isUnreachable(new SQLException("other", "57014"))).isFalse();
  }
}
