package io.isthmus.admin.auth;

import io.isthmus.config.ConfigReader;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Maps a bearer token to its {@link Caller}. Thread-safe. */
@Component
public class Authenticator {
  private final ConfigReader store;
  private final byte[] operatorDigest;

  public Authenticator(ConfigReader store, OperatorToken operatorToken) {
    this.store = store;
    this.operatorDigest = Tokens.sha256(operatorToken.value());
  }

  /** The caller holding {@code token}, or empty if no operator or account has it. */
  public Optional<Caller> authenticate(String token) {
    // Comparing digests of equal length with MessageDigest.isEqual takes the same time wherever
    // the tokens differ, so response times do not reveal the operator token byte by byte.
    if (MessageDigest.isEqual(Tokens.sha256(token), operatorDigest)) {
      return Optional.of(new Caller.Operator());
    }
    // The account look-up is by hash: an attacker cannot steer which stored hashes a guess is
    // compared with, so its timing reveals nothing useful.
    return store.accountByTokenHash(Tokens.hash(token)).map(Caller.Member::new);
  }
}
