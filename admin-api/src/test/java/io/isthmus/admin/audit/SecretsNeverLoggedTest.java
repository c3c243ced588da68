package io.isthmus.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.isthmus.admin.ApiTestSupport;
import io.isthmus.config.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tokens never appear in any log line, even with every logger at DEBUG (Spring MVC then logs the
 * bodies it writes), nor in the audit trail: every line the application logs while accounts are
 * created, tokens issued and rotated, and calls made with good, stale and made-up tokens is
 * captured on the root logger and searched for each token.
 */
class SecretsNeverLoggedTest extends ApiTestSupport {
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Level rootLevel;

  @org.springframework.beans.factory.annotation.Autowired io.isthmus.config.AuditStore store;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    root.setLevel(rootLevel);
  }

  @Test
  void noTokenInAnyLogLineOrAuditRecord() {
    List<String> tokens = new ArrayList<>(List.of(OPERATOR));
    Acct acct = account("secretive");
    tokens.add(acct.token());
    String rotated =
        post("/v1/accounts/" + acct.id() + "/token", OPERATOR, null).expect(200).text("/token");
    tokens.add(rotated);
    String madeUp = "bm90LWEtcmVhbC10b2tlbi1idXQtbG9va3MtbGlrZS1vbmU";
    tokens.add(madeUp);

    get("/v1/accounts/me", rotated).expect(200);
    get("/v1/accounts/me", acct.token()).problem(401, "Unauthorized");
    post("/v1/vpcs", madeUp, "{}").problem(401, "Unauthorized");
    post("/v1/vpcs", rotated, "{\"name\":").problem(400, "InvalidInput");
    get("/v1/accounts", OPERATOR).expect(200);
    callWithAuthorization(
            org.springframework.http.HttpMethod.GET, "/v1/vpcs", "Basic " + rotated, null)
        .problem(401, "Unauthorized");

    assertThat(captured.list).as("DEBUG logging was on").isNotEmpty();
    for (ILoggingEvent event : captured.list) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      for (String token : tokens) {
        assertThat(line).as("logged by %s", event.getLoggerName()).doesNotContain(token);
      }
    }
    for (AuditRecord record : store.find(0, null, null, 100_000)) {
      for (String token : tokens) {
        assertThat(record.toString()).doesNotContain(token);
      }
    }
  }
}
