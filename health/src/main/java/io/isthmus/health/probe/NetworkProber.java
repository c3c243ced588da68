package io.isthmus.health.probe;

import io.isthmus.config.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Probes over the network without a thread per check (docs/spec/health.md "Health check types"):
 *
 * <ul>
 *   <li>TCP: an {@link AsynchronousSocketChannel} connect on one shared channel group; healthy if
 *       the connection opens within 10 s.
 *   <li>HTTP/HTTPS: one shared {@link HttpClient} ({@code sendAsync}); healthy if it connects
 *       within 4 s and a 2xx/3xx status arrives (redirects are not followed, as Route 53 does not).
 *       With a search string, the first 5,120 bytes of the body must contain it (Route 53 searches
 *       the same prefix). The JDK client cannot time the response from the moment it connected, so
 *       the whole exchange gets connect + response = 6 s.
 *   <li>HTTPS checks reachability, not identity: like Route 53, certificates are not validated
 *       (private targets mostly have self-signed ones). Nothing secret is sent.
 * </ul>
 *
 * A few daemon threads serve any number of checks: one for the channel group, two for HTTP
 * callbacks and the client's own selector thread. Thread-safe. Close it to stop them.
 */
public final class NetworkProber implements Prober, AutoCloseable {
  public static final Duration TCP_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(4);
  public static final Duration HTTP_RESPONSE_TIMEOUT = Duration.ofSeconds(2);

  /** Route 53 looks for the search string in the first 5,120 bytes of the body. */
  public static final int SEARCH_BYTES = 5_120;

  private final Duration tcpTimeout;
  private final Duration httpConnectTimeout;
  private final Duration httpResponseTimeout;
  private final ExecutorService executor;
  private final AsynchronousChannelGroup group;
  private final HttpClient http;

  public NetworkProber() {
    this(TCP_TIMEOUT, HTTP_CONNECT_TIMEOUT, HTTP_RESPONSE_TIMEOUT);
  }

  /** Shorter timeouts are for tests; production uses the Route 53 ones of the constants. */
  public NetworkProber(
      Duration tcpTimeout, Duration httpConnectTimeout, Duration httpResponseTimeout) {
    this.tcpTimeout = tcpTimeout;
    this.httpConnectTimeout = httpConnectTimeout;
    this.httpResponseTimeout = httpResponseTimeout;
    this.executor = Executors.newFixedThreadPool(2, daemon("isthmus-health-probe"));
    try {
      this.group = AsynchronousChannelGroup.withFixedThreadPool(1, daemon("isthmus-health-tcp"));
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IllegalStateException("cannot open the TCP probe channel group", e);
    }
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(httpConnectTimeout)
            .executor(executor)
            .sslContext(trustingEveryCertificate())
            .build();
  }

  @Override
  public CompletableFuture<ProbeResult> probe(HealthCheck check) {
    try {
      return switch (check.type()) {
        case TCP -> tcp(check.tcp());
        case HTTP, HTTPS -> http(check.http());
        default ->
            CompletableFuture.completedFuture(
                ProbeResult.failure(check.type() + " checks are not probed"));
      };
    } catch (RuntimeException e) {
      // A malformed target (the API should have refused it) fails the probe, not the monitor.
      return CompletableFuture.completedFuture(ProbeResult.failure(describe(e)));
    }
  }

  private CompletableFuture<ProbeResult> tcp(HealthCheck.TcpTarget target) {
    String where = target.ip() + ":" + target.port();
    AsynchronousSocketChannel channel;
    try {
      channel = AsynchronousSocketChannel.open(group);
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          ProbeResult.failure("TCP " + where + ": " + describe(e)));
    }
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    channel.connect(
        new InetSocketAddress(target.ip(), target.port()),
        null,
        new CompletionHandler<Void, Void>() {
          @Override
          public void completed(Void ignored, Void attachment) {
            result.complete(ProbeResult.success("TCP connection to " + where + " opened"));
          }

          @Override
          public void failed(Throwable exc, Void attachment) {
            result.complete(ProbeResult.failure("TCP " + where + ": " + describe(exc)));
          }
        });
    return result
        .completeOnTimeout(
            ProbeResult.failure(
                "TCP " + where + ": no connection within " + tcpTimeout.toSeconds() + " s"),
            tcpTimeout.toMillis(),
            TimeUnit.MILLISECONDS)
        // Closing aborts a pending connect; callers continue on our executor, not on the JDK's
        // shared timeout thread or the channel group's.
        .whenCompleteAsync((r, e) -> closeQuietly(channel), executor);
  }

  private CompletableFuture<ProbeResult> http(HealthCheck.HttpTarget target) {
    String url = target.url();
    Duration total = httpConnectTimeout.plus(httpResponseTimeout);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .GET()
            .timeout(total)
            .header("User-Agent", "Isthmus-Health-Check")
            .build();
    String search = target.searchString();
    HttpResponse.BodyHandler<String> body =
        search == null || search.isEmpty()
            ? HttpResponse.BodyHandlers.replacing("")
            : info -> new PrefixSubscriber(SEARCH_BYTES);
    CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, body);
    return exchange
        .handle((response, failure) -> judge(url, search, response, failure))
        .completeOnTimeout(
            ProbeResult.failure("GET " + url + ": no response within " + total.toSeconds() + " s"),
            total.toMillis(),
            TimeUnit.MILLISECONDS)
        .whenCompleteAsync((r, e) -> exchange.cancel(true), executor);
  }

  private static ProbeResult judge(
      String url, String search, HttpResponse<String> response, Throwable failure) {
    if (failure != null) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      if (cause instanceof HttpTimeoutException) {
        return ProbeResult.failure("GET " + url + ": timed out (" + cause.getMessage() + ")");
      }
      return ProbeResult.failure("GET " + url + ": " + describe(cause));
    }
    int status = response.statusCode();
    if (status < 200 || status >= 400) {
      return ProbeResult.failure("GET " + url + ": HTTP " + status);
    }
    if (search != null && !search.isEmpty()) {
      // The body was decoded byte for byte (ISO-8859-1); look for the search string's UTF-8 bytes.
      String needle =
          new String(search.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      if (!response.body().contains(needle)) {
        return ProbeResult.failure(
            "GET "
                + url
                + ": HTTP "
                + status
                + " but the first "
                + SEARCH_BYTES
                + " bytes do not contain \""
                + search
                + "\"");
      }
      return ProbeResult.success(
          "GET " + url + ": HTTP " + status + ", body contains \"" + search + "\"");
    }
    return ProbeResult.success("GET " + url + ": HTTP " + status);
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  private static void closeQuietly(AsynchronousSocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing useful to do: the probe result is already decided.
    }
  }

  @Override
  public void close() {
    try {
      group.shutdownNow();
    } catch (IOException ignored) {
      // Shutting down anyway.
    }
    executor.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Route 53 does not validate HTTPS targets' certificates; neither do we (see the class doc). */
  private static SSLContext trustingEveryCertificate() {
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS support in this JVM", e);
    }
  }
}
