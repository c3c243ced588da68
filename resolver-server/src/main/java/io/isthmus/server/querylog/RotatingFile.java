package io.isthmus.server.querylog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * <p>Lines are gathered in a direct buffer and written to the file's channel when it is full or
 * {@link #flush()}ed: the kernel gets large writes, and no heap copy is made on the way. A write
 * that fails loses what the buffer held.
 *
 * <p>Not thread-safe: used by the query log's one writer thread only.
 */
final class RotatingFile implements AutoCloseable {

  /** The buffer: about 300 lines. */
  private static final int BUFFER_BYTES = 128 * 1024;

  private final Path path;
  private final long maxBytes;
  private final int keep;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private FileChannel channel;
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

  /** Appends bytes {@code [offset, offset + length)} of {@code line}: one whole line. */
  void write(byte[] line, int offset, int length) throws IOException {
    if (channel == null) {
      open();
    }
    if (size > 0 && size + length > maxBytes) {
      rotate();
    }
    if (length > buffer.remaining()) {
      writeBuffer();
    }
    if (length > buffer.capacity()) {
      writeFully(ByteBuffer.wrap(line, offset, length));
    } else {
      buffer.put(line, offset, length);
    }
    size += length;
  }

  void flush() throws IOException {
    if (channel != null) {
      writeBuffer();
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      FileChannel closing = channel;
      channel = null;
      try (closing) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          closing.write(buffer);
        }
      } finally {
        buffer.clear();
      }
    }
  }

  private void writeBuffer() throws IOException {
    buffer.flip();
    try {
      writeFully(buffer);
    } finally {
      buffer.clear();
    }
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  private void open() throws IOException {
    Files.createDirectories(path.getParent());
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
    buffer.clear();
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
