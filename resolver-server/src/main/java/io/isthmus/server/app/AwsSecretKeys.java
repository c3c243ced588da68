package io.isthmus.server.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals the secrets of AWS access keys: {@code isthmus.aws.secret-key}, or generated
 * once into {@code <data dir>/aws-secret.key} (mode 0600), as the operator token is. Nodes that
 * share a store must share this key too (docs/aws-api.md "Access keys").
 */
public final class AwsSecretKeys {
  private static final Logger log = LoggerFactory.getLogger(AwsSecretKeys.class);

  private AwsSecretKeys() {}

  public static byte[] load(IsthmusProperties properties) {
    String configured = properties.aws().secretKey();
    if (configured != null && !configured.isBlank()) {
      log.info("AWS secret-sealing key taken from isthmus.aws.secret-key");
      return decode(configured.trim(), "isthmus.aws.secret-key");
    }
    Path file = properties.dataDir().resolve("aws-secret.key").toAbsolutePath().normalize();
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        writeNew(file);
      }
      byte[] key =
          decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
      log.info("AWS secret-sealing key is in {}", file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the AWS secret-sealing key " + file, e);
    }
  }

  private static byte[] decode(String text, String where) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " must be the base64 of 32 bytes", e);
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          where + " must be the base64 of 32 bytes, not " + key.length);
    }
    return key;
  }

  private static void writeNew(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return; // another process created it first: use theirs
    }
    Files.writeString(
        file, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
  }
}
