package io.isthmus.server.app;

import io.isthmus.admin.auth.OperatorToken;
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
 * The operator's bearer token (docs/spec/admin-api.md "Conventions"): {@code
 * isthmus.admin.operator-token} if set; otherwise generated on first start and saved to {@code
 * <data dir>/operator.token} with mode 0600, then read from there on later starts.
 */
public final class OperatorTokens {
  private static final Logger log = LoggerFactory.getLogger(OperatorTokens.class);

  private OperatorTokens() {}

  public static OperatorToken load(IsthmusProperties properties) {
    String configured = properties.admin().operatorToken();
    if (configured != null && !configured.isBlank()) {
      log.info("Operator token taken from isthmus.admin.operator-token");
      return new OperatorToken(configured.trim());
    }
    Path file = properties.dataDir().resolve("operator.token").toAbsolutePath().normalize();
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        writeNew(file);
      }
      String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
      log.info("Operator token is in {}", file);
      return new OperatorToken(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the operator token " + file, e);
    }
  }

  private static void writeNew(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return; // another process created it first: use theirs
    }
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
  }
}
