package io.isthmus.server.querylog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** Where the query log's lines go. Confined to the writer thread. */
interface QueryLogSink extends AutoCloseable {
  void write(byte[] line, int offset, int length) throws IOException;

  void flush() throws IOException;

  @Override
  void close() throws IOException;

  /** The node's standard output: flushed, never closed. */
  final class StreamSink implements QueryLogSink {
    private final OutputStream out;

    StreamSink(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte[] line, int offset, int length) throws IOException {
      // One call per line: a PrintStream writes it whole, between other writers' lines.
      out.write(line, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
      // A PrintStream swallows I/O errors; checkError() (which flushes too) reveals them.
      if (out instanceof PrintStream print && print.checkError()) {
        throw new IOException("standard output failed");
      }
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** A rotated log file. */
  final class FileSink implements QueryLogSink {
    private final RotatingFile file;

    FileSink(Path path, long rotateBytes, int keepFiles) {
      this.file = new RotatingFile(path, rotateBytes, keepFiles);
    }

    @Override
    public void write(byte[] line, int offset, int length) throws IOException {
      file.write(line, offset, length);
    }

    @Override
    public void flush() throws IOException {
      file.flush();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
