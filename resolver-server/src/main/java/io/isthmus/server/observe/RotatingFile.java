package io.isthmus.server.observe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only log file rotated by size: before a line would take it past {@code maxBytes}, the
 * file becomes {@code NAME.1}, an older {@code NAME.1} becomes {@code NAME.2} and so on, and {@code
 * NAME.<keep>} is deleted. A line longer than {@code maxBytes} still goes into a file of its own,
 * so lines are never split. Appends to an existing file after a restart, counting its size.
 *
 * <p>Not thread-safe: used by the query log's one writer thread only.
 */
final class RotatingFile implements AutoCloseable {

  /** Room for a whole batch of the writer (512 lines of ~400 bytes): one write() per flush. */
  private static final int BUFFER_BYTES = 256 * 1024;

  private final Path path;
  private final long maxBytes;
  private final int keep;
  private OutputStream out;
  private long size;

  /**
   * @param maxBytes the size at which the file is rotated
   * @param keep how many rotated files ({@code NAME.1} … {@code NAME.<keep>}) are kept; 0 keeps
   *     none (the file starts over)
   */
  RotatingFile(Path path, long maxBytes, int keep) {
    if (maxBytes <= 0 || keep < 0) {
      throw new IllegalArgumentException("maxBytes must be positive, keep not negative");
    }
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  Path path() {
    return path;
  }

  void write(byte[] line) throws IOException {
    if (out == null) {
      open();
    }
    if (size > 0 && size + line.length > maxBytes) {
      rotate();
    }
    out.write(line);
    size += line.length;
  }

  void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      OutputStream closing = out;
      out = null;
      closing.close();
    }
  }

  private void open() throws IOException {
    Files.createDirectories(path.getParent());
    out =
        new BufferedOutputStream(
            Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            BUFFER_BYTES);
    size = Files.size(path);
  }

  private void rotate() throws IOException {
    close();
    if (keep > 0) {
      Files.deleteIfExists(rotated(keep));
    }
    for (int i = keep - 1; i >= 1; i--) {
      Path older = rotated(i);
      if (Files.exists(older)) {
        Files.move(older, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (keep > 0) {
      Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(path);
    }
    open();
  }

  private Path rotated(int generation) {
    return path.resolveSibling(path.getFileName() + "." + generation);
  }
}
