package io.isthmus.admin.aws.sigv4;

import io.isthmus.admin.aws.sigv4.BotocoreFixtures.Fixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Test helpers: fixtures as {@link SignedRequest}s, small edits of them, and verifiers. */
final class Requests {
  static final String ACCOUNT_ID = "123456789012";
  static final Instant SIGNED_AT = Instant.parse(BotocoreFixtures.SIGNED_AT);
  static final Credentials CREDENTIALS =
      new Credentials(BotocoreFixtures.ACCESS_KEY_ID, BotocoreFixtures.SECRET, ACCOUNT_ID);

  private Requests() {}

  /** A verifier that knows the example key, with its clock at {@code now}. */
  static SigV4Verifier verifierAt(Instant now) {
    return verifier(CREDENTIALS, now);
  }

  static SigV4Verifier verifier(Credentials known, Instant now) {
    return new SigV4Verifier(
        id -> id.equals(known.accessKeyId()) ? Optional.of(known) : Optional.empty(),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  static Verification verify(SignedRequest request) {
    return verifierAt(SIGNED_AT).verify(request);
  }

  static Verification verifyLater(SignedRequest request, Duration later) {
    return verifierAt(SIGNED_AT.plus(later)).verify(request);
  }

  static SignedRequest request(Fixture fixture) {
    return new SignedRequest(
        fixture.method(),
        fixture.path(),
        fixture.query(),
        headers(fixture.headers()),
        fixture.body().getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, List<String>> headers(List<Map.Entry<String, String>> entries) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : entries) {
      headers.computeIfAbsent(entry.getKey(), n -> new ArrayList<>()).add(entry.getValue());
    }
    return headers;
  }

  static SignedRequest withMethod(SignedRequest r, String method) {
    return new SignedRequest(method, r.rawPath(), r.rawQuery(), r.headers(), r.payload());
  }

  static SignedRequest withPath(SignedRequest r, String path) {
    return new SignedRequest(r.method(), path, r.rawQuery(), r.headers(), r.payload());
  }

  static SignedRequest withQuery(SignedRequest r, String query) {
    return new SignedRequest(r.method(), r.rawPath(), query, r.headers(), r.payload());
  }

  static SignedRequest withPayload(SignedRequest r, byte[] payload) {
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), payload);
  }

  /** {@code r} with header {@code name} set to {@code value}, or removed when value is null. */
  static SignedRequest withHeader(SignedRequest r, String name, @Nullable String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, List.of(value));
    }
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.payload());
  }

  /** {@code r} with its Authorization header rewritten by {@code edit}. */
  static SignedRequest withAuthorization(SignedRequest r, UnaryOperator<String> edit) {
    return withHeader(r, "authorization", edit.apply(r.firstHeader("authorization").orElseThrow()));
  }

  static Fixture fixture(String name) {
    return BotocoreFixtures.ALL.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
