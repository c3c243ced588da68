package io.isthmus.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.isthmus.config.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.DelegatingServletOutputStream;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** {@link AuditTrail} and {@link AuditFilter} over a store that records calls or fails. */
class AuditTrailTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final AuditRetention RETENTION = new AuditRetention(Duration.ofDays(90), 1000);

  /** Keeps appends and prunes; fails every call while {@code down}. */
  static class FakeStore implements AuditStore {
    final List<AuditEvent> appended = new ArrayList<>();
    final List<String> prunes = new ArrayList<>();
    boolean down;
    Runnable beforeAppend = () -> {};

    @Override
    public void append(AuditEvent event) {
      beforeAppend.run();
      if (down) {
        throw new StoreException("connection refused", null);
      }
      appended.add(event);
    }

    @Override
    public List<AuditRecord> find(long afterSequence, Instant since, String caller, int limit) {
      return List.of();
    }

    @Override
    public int prune(Instant olderThan, long keep) {
      if (down) {
        throw new StoreException("connection refused", null);
      }
      prunes.add(olderThan + " " + keep);
      return 3;
    }
  }

  private final FakeStore store = new FakeStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private AuditTrail trail(Instant now) {
    return new AuditTrail(
        store, RETENTION, Clock.fixed(now, ZoneOffset.UTC), registry, Runnable::run);
  }

  private static AuditEvent at(Instant time) {
    return new AuditEvent(time, "111111111111", "POST", "/v1/vpcs", null, 201, null, "127.0.0.1");
  }

  private double records(String outcome) {
    return registry.get("isthmus.admin.audit.records").tag("outcome", outcome).counter().count();
  }

  @Test
  void prunesOnTheFirstRecordThenAtMostOnceAnHour() {
    AuditTrail trail = trail(T0);

    trail.record(at(T0));
    trail.record(at(T0.plus(AuditTrail.PRUNE_INTERVAL).minusMillis(1)));
    trail.record(at(T0.plus(AuditTrail.PRUNE_INTERVAL)));

    assertThat(store.appended).hasSize(3);
    assertThat(store.prunes)
        .containsExactly(
            T0.minus(Duration.ofDays(90)) + " 1000",
            T0.plus(AuditTrail.PRUNE_INTERVAL).minus(Duration.ofDays(90)) + " 1000");
    assertThat(registry.get("isthmus.admin.audit.pruned").counter().count()).isEqualTo(6);
    assertThat(records("written")).isEqualTo(3);
  }

  @Test
  void thePruneRunsOnItsExecutorNotOnTheRecordingThread() {
    List<Runnable> queued = new ArrayList<>();
    AuditTrail trail =
        new AuditTrail(store, RETENTION, Clock.fixed(T0, ZoneOffset.UTC), registry, queued::add);

    trail.record(at(T0));

    assertThat(store.appended).hasSize(1);
    assertThat(store.prunes).isEmpty();
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    assertThat(store.prunes).hasSize(1);
  }

  @Test
  void anUnreachableStoreLosesTheRecordButNeverThrows() {
    AuditTrail trail = trail(T0);
    store.down = true;

    trail.record(at(T0));

    assertThat(records("failed")).isEqualTo(1);
    assertThat(records("written")).isZero();
    store.down = false;
    trail.record(at(T0));
    assertThat(store.appended).hasSize(1);
    assertThat(store.prunes).as("the failed record did not use up the prune").hasSize(1);
  }

  @Test
  void aFailedPruneKeepsTheRecord() {
    FakeStore pruneFails =
        new FakeStore() {
          @Override
          public int prune(Instant olderThan, long keep) {
            throw new StoreException("timeout", null);
          }
        };
    AuditTrail trail =
        new AuditTrail(
            pruneFails, RETENTION, Clock.fixed(T0, ZoneOffset.UTC), registry, Runnable::run);

    trail.record(at(T0));

    assertThat(pruneFails.appended).hasSize(1);
    assertThat(records("written")).isEqualTo(1);
  }

  @Test
  void aSuccessfulMutationStaysSuccessfulWhenTheStoreIsDown() throws Exception {
    store.down = true;
    AuditFilter filter = new AuditFilter(trail(T0));
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/vpcs");
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(
        request, response, (FilterChain) (req, res) -> ((HttpServletResponse) res).setStatus(201));

    assertThat(response.getStatus()).isEqualTo(201);
    assertThat(records("failed")).isEqualTo(1);
  }

  /**
   * A response that tells whether its body was closed, and refuses its stream once its writer was
   * used, as a servlet container does.
   */
  static final class ClosableResponse extends MockHttpServletResponse {
    boolean closed;
    private boolean writerUsed;

    @Override
    public ServletOutputStream getOutputStream() {
      if (writerUsed) {
        throw new IllegalStateException("getWriter() has already been called");
      }
      return new DelegatingServletOutputStream(OutputStream.nullOutputStream()) {
        @Override
        public void close() {
          closed = true;
        }
      };
    }

    @Override
    public PrintWriter getWriter() throws UnsupportedEncodingException {
      writerUsed = true;
      return new PrintWriter(super.getWriter()) {
        @Override
        public void close() {
          flush();
          closed = true;
        }
      };
    }
  }

  /** Whether {@code response}'s body was closed when the audited POST's record was appended. */
  private boolean closedAtAppend(ClosableResponse response, FilterChain chain) throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    store.beforeAppend = () -> closed.set(response.closed);
    new AuditFilter(trail(T0))
        .doFilter(new MockHttpServletRequest("POST", "/v1/vpcs"), response, chain);
    assertThat(store.appended).hasSize(1);
    return closed.get();
  }

  @Test
  void theResponseBodyIsClosedBeforeTheRecordIsWritten() throws Exception {
    ClosableResponse response = new ClosableResponse();

    assertThat(
            closedAtAppend(
                response, (FilterChain) (req, res) -> ((HttpServletResponse) res).setStatus(201)))
        .as("the client had the whole answer first")
        .isTrue();
  }

  @Test
  void aResponseWrittenThroughItsWriterIsClosedThroughIt() throws Exception {
    ClosableResponse response = new ClosableResponse();

    assertThat(closedAtAppend(response, (req, res) -> res.getWriter().write("{}"))).isTrue();
    assertThat(response.getContentAsString()).isEqualTo("{}");
  }

  @Test
  void aRequestThatFailedWithAnExceptionIsRecordedAs500() {
    AuditFilter filter = new AuditFilter(trail(T0));
    MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/v1/vpcs/v");
    MockHttpServletResponse response = new MockHttpServletResponse();

    assertThatThrownBy(
            () ->
                filter.doFilter(
                    request,
                    response,
                    (FilterChain)
                        (req, res) -> {
                          throw new IllegalStateException("bug");
                        }))
        .hasMessage("bug");

    assertThat(store.appended).extracting(AuditEvent::status).containsExactly(500);
  }

  @Test
  void pathsAndIdsFromClientsAreBounded() throws Exception {
    AuditFilter filter = new AuditFilter(trail(T0));
    String longPath = "/v1/" + "x".repeat(2000);
    MockHttpServletRequest request = new MockHttpServletRequest("DELETE", longPath);
    request.setAttribute(AuditDetails.RESOURCE_ID, "r".repeat(500));

    filter.doFilter(
        request,
        new MockHttpServletResponse(),
        (FilterChain) (req, res) -> ((HttpServletResponse) res).setStatus(404));

    AuditEvent event = store.appended.get(0);
    assertThat(event.path()).hasSize(AuditFilter.MAX_PATH_LENGTH).startsWith("/v1/xxx");
    assertThat(event.resourceId()).hasSize(AuditFilter.MAX_ID_LENGTH);
    assertThat(event.caller()).isEqualTo("anonymous");
  }

  @Test
  void otherPathsAreNotAudited() throws Exception {
    AuditFilter filter = new AuditFilter(trail(T0));
    filter.doFilter(
        new MockHttpServletRequest("POST", "/actuator/shutdown"),
        new MockHttpServletResponse(),
        new MockFilterChain());
    assertThat(store.appended).isEmpty();
  }

  @Test
  void retentionIsValidated() {
    assertThatThrownBy(() -> new AuditRetention(Duration.ZERO, 1)).hasMessageContaining("age");
    assertThatThrownBy(() -> new AuditRetention(Duration.ofDays(-1), 1))
        .hasMessageContaining("age");
    assertThatThrownBy(() -> new AuditRetention(null, 1)).hasMessageContaining("age");
    assertThatThrownBy(() -> new AuditRetention(Duration.ofDays(1), 0))
        .hasMessageContaining("records");
    assertThat(AuditRetention.defaults().maxAge()).isEqualTo(Duration.ofDays(90));
  }
}
