package io.isthmus.admin.limits;

import io.isthmus.admin.problem.RequestBodyTooLarge;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body that stops with {@link RequestBodyTooLarge} once more than {@code maxBytes} were
 * read, whether or not the client declared a length: a chunked body (RFC 9112 section 7.1) has no
 * Content-Length to check up front. Not thread-safe, like the stream it wraps.
 */
final class LimitedInputStream extends ServletInputStream {
  private final ServletInputStream body;
  private final long maxBytes;
  private long read;

  LimitedInputStream(ServletInputStream body, long maxBytes) {
    this.body = body;
    this.maxBytes = maxBytes;
  }

  @Override
  public int read() throws IOException {
    int b = body.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = body.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws RequestBodyTooLarge {
    read += n;
    if (read > maxBytes) {
      throw new RequestBodyTooLarge(maxBytes);
    }
  }

  @Override
  public boolean isFinished() {
    return body.isFinished();
  }

  @Override
  public boolean isReady() {
    return body.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    body.setReadListener(listener);
  }
}
