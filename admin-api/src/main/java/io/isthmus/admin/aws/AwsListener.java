package io.isthmus.admin.aws;

/**
 * The local port of the AWS-compatible API's listener ({@code isthmus.aws.port}), known once the
 * web server has bound it; -1 before that, or when the listener is off. A request that arrived on
 * this port is the facade's ({@link AwsApiFilter}); every other is the admin API's. Thread-safe.
 */
public final class AwsListener {
  private volatile int port = -1;

  public int port() {
    return port;
  }

  public void bound(int port) {
    this.port = port;
  }
}
