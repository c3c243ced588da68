package io.isthmus.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The body prefix a search string is looked for in, fed chunk by chunk as the HTTP client does. */
class PrefixSubscriberTest {
  final PrefixSubscriber subscriber = new PrefixSubscriber(10);
  final RecordingSubscription subscription = new RecordingSubscription();

  /** What the subscriber asked of its publisher. */
  static final class RecordingSubscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  CompletableFuture<String> body() {
    return subscriber.getBody().toCompletableFuture();
  }

  @Test
  void asksForEverythingAndKeepsAShortBodyWhole() {
    subscriber.onSubscribe(subscription);
    subscriber.onNext(List.of(bytes("abc"), bytes("def")));
    assertThat(body()).isNotDone();

    subscriber.onComplete();

    assertThat(subscription.requested).isEqualTo(Long.MAX_VALUE);
    assertThat(body()).isCompletedWithValue("abcdef");
    assertThat(subscription.cancelled).isFalse();
  }

  @Test
  void exactlyTheLimitCompletesTheBodyAndCancelsTheRest() {
    subscriber.onSubscribe(subscription);
    subscriber.onNext(List.of(bytes("01234"), bytes("56789")));

    assertThat(body()).isCompletedWithValue("0123456789");
    assertThat(subscription.cancelled).isTrue();
  }

  @Test
  void aChunkCrossingTheLimitIsCutAndLaterChunksIgnored() {
    subscriber.onSubscribe(subscription);
    ByteBuffer crossing = bytes("0123456789abc");
    subscriber.onNext(List.of(bytes("xy"), crossing));
    subscriber.onNext(List.of(bytes("late")));
    subscriber.onComplete();

    assertThat(body()).isCompletedWithValue("xy01234567");
    assertThat(crossing.remaining()).isEqualTo(5);
    assertThat(subscription.cancelled).isTrue();
  }

  @Test
  void bytesAreDecodedOneCharEach() {
    subscriber.onSubscribe(subscription);
    subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {(byte) 0xc3, (byte) 0xa9})));
    subscriber.onComplete();

    assertThat(body()).isCompletedWithValue("\u00c3\u00a9");
  }

  @Test
  void anErrorFailsTheBody() {
    subscriber.onSubscribe(subscription);
    IOException reset = new IOException("reset");

    subscriber.onError(reset);

    assertThat(body()).isCompletedExceptionally();
    assertThat(body().handle((value, failure) -> failure)).isCompletedWithValue(reset);
  }
}
