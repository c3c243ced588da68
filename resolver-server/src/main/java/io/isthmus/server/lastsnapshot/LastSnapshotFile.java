package io.isthmus.server.lastsnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's last-snapshot file under the data dir, written after each publish and read at start
 * when the store is away (static stability).
 *
 * <p>The file is one header line, {@code isthmus-last-snapshot <format> <length> <sha256>}, then
 * the JSON body of exactly {@code length} bytes whose SHA-256 is {@code sha256}. A file is used
 * whole or not at all: a short, long, corrupt or unknown-format file is ignored with a log line.
 *
 * <p>Writes never leave a half-written file under the real name: the body goes to a temporary file
 * in the same directory, is forced to disk, then renamed over the old file in one atomic move
 * (rename(2) is atomic within a file system), and the directory is forced so the rename survives a
 * crash. A node killed mid-write leaves the old file plus a temporary one, removed at the next
 * start. Writes and reads are serialized by the caller (one snapshot thread); not thread-safe.
 */
public final class LastSnapshotFile {
  private static final Logger log = LoggerFactory.getLogger(LastSnapshotFile.class);

  /** The file's name in the data dir. */
  public static final String NAME = "last-snapshot.json";

  /**
   * The body's format written: 2 adds the health statuses to format 1. A file of a format not in
   * {@link #READABLE} is ignored (written by a later version).
   */
  static final int FORMAT = 2;

  /** Formats read: a format 1 file, written before the statuses were kept, loads without them. */
  static final Set<String> READABLE = Set.of("1", "2");

  static final String MAGIC = "isthmus-last-snapshot";
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path file;

  private LastSnapshotFile(Path file) {
    this.file = file;
  }

  /** The last-snapshot file of {@code dataDir}. */
  public static LastSnapshotFile in(Path dataDir) {
    return new LastSnapshotFile(dataDir.resolve(NAME));
  }

  public Path path() {
    return file;
  }

  /**
   * Replaces the file with {@code snapshot} atomically, first removing temporary files a killed
   * writer left behind. Only one thread of one process writes a data dir's file (the node's
   * keeper), so no temporary file is another write's work in progress; reading leaves them alone,
   * as a read may run while the keeper writes.
   *
   * @throws UncheckedIOException if it cannot be written; the previous file is then left as it was
   */
  public void write(LastSnapshot snapshot) {
    byte[] body = LastSnapshotJson.write(snapshot);
    byte[] header =
        (MAGIC + " " + FORMAT + " " + body.length + " " + sha256(body) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    Path directory = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(directory);
      removeLeftovers();
      temp = Files.createTempFile(directory, NAME + ".", TEMP_SUFFIX);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeFully(channel, ByteBuffer.wrap(header));
        writeFully(channel, ByteBuffer.wrap(body));
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      forceDirectory(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the last-snapshot file " + file, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * The snapshot in the file, if there is a whole and valid one (a temporary file a killed writer
   * left is never read). Never throws for a bad file: it logs why the file is not used.
   */
  public Optional<LastSnapshot> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      log.warn("Last-snapshot file {} cannot be read, not used: {}", file, e.toString());
      return Optional.empty();
    }
    try {
      return Optional.of(parse(content));
    } catch (RuntimeException e) {
      log.warn("Last-snapshot file {} is not used: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** The snapshot in {@code content}, or an exception saying what is wrong with it. */
  static LastSnapshot parse(byte[] content) {
    int newline = indexOf(content, (byte) '\n');
    if (newline < 0) {
      throw new IllegalArgumentException("no header line (truncated?)");
    }
    String[] header = new String(content, 0, newline, StandardCharsets.US_ASCII).split(" ", -1);
    if (header.length != 4 || !header[0].equals(MAGIC)) {
      throw new IllegalArgumentException("not a last-snapshot file");
    }
    if (!READABLE.contains(header[1])) {
      throw new IllegalArgumentException(
          "format " + header[1] + " is not one of " + READABLE + " (written by another version)");
    }
    long length;
    try {
      length = Long.parseLong(header[2]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad body length " + header[2], e);
    }
    byte[] body = Arrays.copyOfRange(content, newline + 1, content.length);
    if (body.length != length) {
      throw new IllegalArgumentException(
          "body is " + body.length + " bytes, the header says " + length + " (truncated?)");
    }
    if (!sha256(body).equals(header[3])) {
      throw new IllegalArgumentException("checksum mismatch (corrupt)");
    }
    return LastSnapshotJson.read(body);
  }

  private void removeLeftovers() {
    Path directory = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(directory, NAME + ".*" + TEMP_SUFFIX)) {
      for (Path leftover : leftovers) {
        log.info("Removing {}, left by a write that did not finish", leftover);
        deleteQuietly(leftover);
      }
    } catch (IOException e) {
      log.warn("Cannot list {} for leftover snapshot files: {}", directory, e.toString());
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Makes the rename durable; some platforms cannot open a directory, where this is a no-op. */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("Cannot force directory {}: {}", directory, e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("Cannot delete {}: {}", path, e.toString());
    }
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
