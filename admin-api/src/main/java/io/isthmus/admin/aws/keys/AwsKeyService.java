package io.isthmus.admin.aws.keys;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.sigv4.Credentials;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.AwsAccessKey;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * AWS access keys of accounts ({@code /v1/accounts/{id}/aws-keys}, docs/aws-api.md "Access keys"):
 * issued or imported by the operator, the secret shown once and stored sealed, and looked up by the
 * AWS-compatible API to verify a request's signature.
 */
@Service
public class AwsKeyService {
  /** As many keys as an account may have: room to rotate (AWS IAM allows a user two). */
  public static final int MAX_KEYS_PER_ACCOUNT = 10;

  /** IAM's AccessKeyId: 16 to 128 word characters; upper-case letters and digits here. */
  private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");

  /** A secret of 16 to 128 printable US-ASCII characters without spaces (AWS issues 40). */
  private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{16,128}");

  /** The letters of an AWS key id after its prefix: RFC 4648 base32. */
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConfigStore store;
  private final SecretSealer sealer;
  private final Clock clock;

  public AwsKeyService(ConfigStore store, SecretSealer sealer, Clock clock) {
    this.store = store;
    this.sealer = sealer;
    this.clock = clock;
  }

  /** A key pair as issued: the only time its secret is shown. */
  public record IssuedKey(String accessKeyId, String secretAccessKey, String accountId) {
    @Override
    public String toString() {
      return "IssuedKey[accessKeyId=" + accessKeyId + ", accountId=" + accountId + "]";
    }
  }

  /**
   * Issues a new key pair to the account, or stores the given one ({@code accessKeyId} and {@code
   * secretAccessKey} both given: an import, so that existing scripts keep their keys).
   */
  public IssuedKey create(
      Caller caller, String accountId, String accessKeyId, String secretAccessKey) {
    caller.requireOperator();
    List<FieldError> errors = new ArrayList<>();
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      errors.add(
          new FieldError(
              accessKeyId == null ? "accessKeyId" : "secretAccessKey",
              "an imported key needs both accessKeyId and secretAccessKey"));
    }
    if (accessKeyId != null && !KEY_ID.matcher(accessKeyId).matches()) {
      errors.add(new FieldError("accessKeyId", "16 to 128 upper-case letters and digits"));
    }
    if (secretAccessKey != null && !SECRET.matcher(secretAccessKey).matches()) {
      errors.add(
          new FieldError(
              "secretAccessKey", "16 to 128 printable US-ASCII characters without spaces"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    String secret = secretAccessKey != null ? secretAccessKey : newSecret();
    return store.write(
        w -> {
          Account account = account(w, accountId);
          if (w.awsAccessKeys(account.id()).size() >= MAX_KEYS_PER_ACCOUNT) {
            throw ApiException.conflict(
                "LimitExceeded",
                "Account "
                    + account.id()
                    + " has "
                    + MAX_KEYS_PER_ACCOUNT
                    + " access keys, the most"
                    + " an account may have: delete one first.");
          }
          String id = accessKeyId;
          if (id == null) {
            do {
              id = newKeyId();
            } while (w.awsAccessKey(id).isPresent());
          } else if (w.awsAccessKey(id).isPresent()) {
            throw ApiException.conflict("ResourceExists", "Access key " + id + " exists.");
          }
          w.insertAwsAccessKey(
              new AwsAccessKey(id, account.id(), sealer.seal(id, secret), clock.instant()));
          return new IssuedKey(id, secret, account.id());
        });
  }

  /** The account's keys, without their secrets. */
  public List<AwsAccessKey> list(Caller caller, String accountId) {
    caller.requireOperator();
    return store.awsAccessKeys(account(store, accountId).id());
  }

  /** Revokes a key: requests signed with it fail from this commit on. */
  public void delete(Caller caller, String accountId, String accessKeyId) {
    caller.requireOperator();
    store.write(
        w -> {
          Account account = account(w, accountId);
          Optional<AwsAccessKey> key = w.awsAccessKey(accessKeyId);
          if (key.isEmpty() || !key.get().accountId().equals(account.id())) {
            throw ApiException.notFound(
                "ResourceNotFound",
                "No access key " + accessKeyId + " of account " + account.id() + ".");
          }
          w.deleteAwsAccessKey(account.id(), accessKeyId);
          return null;
        });
  }

  /** The credentials of {@code accessKeyId}, for the signature check; empty for an unknown key. */
  public Optional<Credentials> credentials(String accessKeyId) {
    return store
        .awsAccessKey(accessKeyId)
        .map(
            key ->
                new Credentials(
                    key.accessKeyId(),
                    sealer.open(key.accessKeyId(), key.sealedSecret()),
                    key.accountId()));
  }

  private static Account account(ConfigReader reader, String accountId) {
    return reader
        .account(accountId)
        .orElseThrow(
            () ->
                ApiException.notFound("ResourceNotFound", "No account with id " + accountId + "."));
  }

  /** "AKIA" and 16 base32 letters, as AWS writes a long-term key id (80 random bits). */
  static String newKeyId() {
    StringBuilder id = new StringBuilder("AKIA");
    for (int i = 0; i < 16; i++) {
      id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
    }
    return id.toString();
  }

  /** 40 characters of base64, as AWS issues (240 random bits). */
  static String newSecret() {
    byte[] random = new byte[30];
    RANDOM.nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }
}
