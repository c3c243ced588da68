package io.isthmus.admin.aws;

import io.isthmus.admin.audit.AuditFilter;
import io.isthmus.admin.audit.AuditTrail;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.cloudwatch.CloudWatchApi;
import io.isthmus.admin.aws.ec2.Ec2Api;
import io.isthmus.admin.aws.ram.RamApi;
import io.isthmus.admin.aws.resolver.Route53ResolverApi;
import io.isthmus.admin.aws.route53.Route53Api;
import io.isthmus.admin.aws.sigv4.SigV4Verifier;
import io.isthmus.admin.aws.sigv4.SignedRequest;
import io.isthmus.admin.aws.sigv4.Verification;
import io.isthmus.admin.aws.sigv4.Verification.Rejected;
import io.isthmus.admin.aws.sigv4.Verification.Verified;
import io.isthmus.admin.aws.sts.StsApi;
import io.isthmus.admin.limits.AdminThrottle;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.StoreUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The AWS-compatible API (docs/aws-api.md): every request that arrived on its listener ({@link
 * AwsListener}) is answered here, signature first, and never reaches the admin API's handlers,
 * interceptors or bearer tokens; requests on the admin port pass through untouched. Dispatch is on
 * the service of the request's credential scope. Thread-safe.
 */
public final class AwsApiFilter extends OncePerRequestFilter implements Ordered {
  private static final Logger log = LoggerFactory.getLogger(AwsApiFilter.class);

  /** The largest request body read: Route 53's largest change batch is far below. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Paths come from clients: kept bounded in the audit store, as {@code /v1}'s. */
  static final int MAX_AUDITED_PATH = 512;

  /** The credential scope of a request signed for EC2, whose errors have a shape of their own. */
  private static final Pattern EC2_SCOPE = Pattern.compile("/[0-9]{8}/[^/]+/ec2/aws4_request");

  /** The credential scope of a request signed for RAM, whose errors are REST-JSON's. */
  private static final Pattern RAM_SCOPE = Pattern.compile("/[0-9]{8}/[^/]+/ram/aws4_request");

  private final AwsListener listener;
  private final SigV4Verifier verifier;
  private final ConfigReader store;
  private final Route53Api route53;
  private final Ec2Api ec2;
  private final CloudWatchApi cloudWatch;
  private final RamApi ram;
  private final Route53ResolverApi resolver;
  private final StsApi sts = new StsApi();

  /** The audit trail, or null where the application has none. */
  private final AuditTrail audit;

  /** The admin API's rate limits, or null where the application has none. */
  private final AdminThrottle throttle;

  public AwsApiFilter(
      AwsListener listener,
      SigV4Verifier verifier,
      ConfigReader store,
      Route53Api route53,
      Ec2Api ec2,
      CloudWatchApi cloudWatch,
      RamApi ram,
      Route53ResolverApi resolver,
      AuditTrail audit,
      AdminThrottle throttle) {
    this.listener = listener;
    this.verifier = verifier;
    this.store = store;
    this.route53 = route53;
    this.ec2 = ec2;
    this.cloudWatch = cloudWatch;
    this.ram = ram;
    this.resolver = resolver;
    this.audit = audit;
    this.throttle = throttle;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return listener.port() < 0 || request.getLocalPort() != listener.port();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException {
    String requestId = UUID.randomUUID().toString();
    response.setHeader("x-amzn-RequestId", requestId);
    boolean json = isJson(request.getContentType());
    byte[] body = readBody(request);
    if (body == null) {
      write(
          response,
          json,
          AwsError.sender(
              413,
              "RequestEntityTooLarge",
              "The request body is larger than " + MAX_BODY_BYTES + " bytes."),
          requestId);
      return;
    }
    String accountId = null;
    try {
      accountId = answer(request, response, body, json, requestId);
    } catch (Throttled e) {
      // Over the caller's rate limit: answered as each service says, and not audited, so that a
      // flood held back here does not turn into a flood of audit writes.
      writeThrottled(request, response, json, e.retryAfterSeconds, requestId);
      return;
    } catch (StoreUnavailableException e) {
      // AWS's answer to a request it cannot serve now: the clients retry it.
      if (!response.isCommitted()) {
        response.resetBuffer();
        AwsError error =
            new AwsError(
                503, "ServiceUnavailable", "The configuration store is unreachable.", false);
        if (!wroteRamError(request, response, error)) {
          write(response, json, error, requestId);
        }
      }
    } catch (RuntimeException e) {
      // A bug, or a secret this node cannot open: logged here, never shown to the client.
      log.error(
          "AWS API request {} {} failed ({})",
          request.getMethod(),
          request.getRequestURI(),
          requestId,
          e);
      if (!response.isCommitted()) {
        response.resetBuffer();
        AwsError error =
            new AwsError(
                500,
                "InternalFailure",
                "The request could not be served (" + requestId + ").",
                false);
        if (!wroteRamError(request, response, error)) {
          write(response, json, error, requestId);
        }
      }
    }
    audit(request, body, response, accountId);
  }

  /**
   * Records the call in the audit trail as {@code /v1} calls are, after the answer was ended, so
   * that a slow store does not hold it back: the path with {@code #Operation} for the protocols
   * that name one, the verified account (else "anonymous").
   */
  private void audit(
      HttpServletRequest request, byte[] body, HttpServletResponse response, String accountId) {
    if (audit == null) {
      return;
    }
    String operation =
        AwsOperations.of(
            request.getRequestURI(),
            request.getHeader("X-Amz-Target"),
            request.getContentType(),
            request.getQueryString(),
            body);
    int status = response.getStatus();
    if (!AwsOperations.audited(request.getMethod(), operation, status)) {
      return;
    }
    AuditFilter.end(response);
    String path = request.getRequestURI() + (operation == null ? "" : "#" + operation);
    audit.record(
        new AuditEvent(
            audit.now(),
            accountId == null ? AuditEvent.ANONYMOUS : accountId,
            request.getMethod(),
            path.length() <= MAX_AUDITED_PATH ? path : path.substring(0, MAX_AUDITED_PATH),
            null,
            status,
            null,
            request.getRemoteAddr()));
  }

  /** Returns the verified account's id, or null when the signature was refused. */
  private String answer(
      HttpServletRequest request,
      HttpServletResponse response,
      byte[] body,
      boolean json,
      String requestId)
      throws IOException {
    Verification verification =
        verifier.verify(
            new SignedRequest(
                request.getMethod(),
                request.getRequestURI(),
                request.getQueryString(),
                headers(request),
                body));
    if (verification instanceof Rejected rejected) {
      admit(() -> throttle.admitUnauthenticated(request.getRemoteAddr()));
      if (signedForEc2(request)) {
        // EC2 has an error document of its own, which its clients parse.
        writeXml(
            response,
            rejected.httpStatus(),
            Ec2Api.error(rejected.code().awsCode(), rejected.message(), requestId));
        return null;
      }
      AwsError error =
          AwsError.sender(rejected.httpStatus(), rejected.code().awsCode(), rejected.message());
      if (!wroteRamError(request, response, error)) {
        write(response, json, error, requestId);
      }
      return null;
    }
    Verified caller = (Verified) verification;
    admit(() -> throttle.admitAccount(caller.accountId()));
    if (caller.service().equals("sts")) {
      QueryRequest query = queryParameters(request, body);
      StsApi.Answer answer = sts.handle(caller, query, requestId);
      if (answer instanceof StsApi.Answer.Done done) {
        writeXml(response, 200, done.xml());
      } else if (answer instanceof StsApi.Answer.Failed failed) {
        write(response, false, failed.error(), requestId);
      }
      return caller.accountId();
    }
    if (caller.service().equals("ec2")) {
      Ec2Api.Answer answer =
          ec2.handle(member(caller), caller.region(), queryParameters(request, body), requestId);
      writeXml(response, answer.status(), answer.xml());
      return caller.accountId();
    }
    if (caller.service().equals("route53")) {
      Route53Api.Answer answer =
          route53.handle(
              member(caller),
              request.getMethod(),
              request.getRequestURI(),
              QueryRequest.parse(request.getQueryString()),
              body);
      if (answer instanceof Route53Api.Answer.Done done) {
        if (done.location() != null) {
          response.setHeader("Location", done.location());
        }
        writeXml(response, done.status(), done.xml());
      } else if (answer instanceof Route53Api.Answer.Failed failed) {
        write(response, false, failed.error(), requestId);
      }
      return caller.accountId();
    }
    if (caller.service().equals("route53resolver")) {
      Route53ResolverApi.Answer answer =
          resolver.handle(member(caller), caller.region(), request.getHeader("X-Amz-Target"), body);
      response.setStatus(answer.status());
      response.setContentType(Route53ResolverApi.CONTENT_TYPE);
      response.getOutputStream().write(answer.json().getBytes(StandardCharsets.UTF_8));
      return caller.accountId();
    }
    if (caller.service().equals("monitoring")) {
      CloudWatchApi.Answer answer =
          cloudWatch.handle(
              member(caller),
              caller.region(),
              new CloudWatchApi.Call(
                  request.getRequestURI(),
                  request.getContentType(),
                  request.getHeader("X-Amz-Target"),
                  request.getQueryString(),
                  body),
              requestId);
      if (answer instanceof CloudWatchApi.Answer.Done done) {
        response.setStatus(done.status());
        response.setContentType(done.contentType());
        done.headers().forEach(response::setHeader);
        response.getOutputStream().write(done.body());
      } else if (answer instanceof CloudWatchApi.Answer.Failed failed) {
        if (failed.json()) {
          response.setHeader(
              CloudWatchApi.QUERY_ERROR_HEADER, CloudWatchApi.queryError(failed.error()));
        }
        write(response, failed.json(), failed.error(), requestId);
      }
      return caller.accountId();
    }
    if (caller.service().equals("ram")) {
      writeRestJson(
          response,
          ram.handle(
              member(caller),
              caller.region(),
              request.getMethod(),
              request.getRequestURI(),
              QueryRequest.parse(request.getQueryString()),
              body));
      return caller.accountId();
    }
    write(
        response,
        json,
        AwsError.sender(
            400,
            "InvalidAction",
            "The service "
                + caller.service()
                + " is not served by this Isthmus node (docs/aws-api.md lists what is)."),
        requestId);
    return caller.accountId();
  }

  /** The verified key's account as a caller of the services. */
  private Caller member(Verified caller) {
    // An access key goes with its account (V11): the account of a verified key exists.
    return new Caller.Member(store.account(caller.accountId()).orElseThrow());
  }

  /** The parameters of a query-protocol request: its form body, else its query string. */
  private static QueryRequest queryParameters(HttpServletRequest request, byte[] body) {
    return QueryRequest.parse(
        isForm(request.getContentType())
            ? new String(body, StandardCharsets.UTF_8)
            : request.getQueryString());
  }

  /** Runs a charge of the admin API's buckets; an empty bucket becomes {@link Throttled}. */
  private void admit(Runnable charge) {
    if (throttle == null) {
      return;
    }
    try {
      charge.run();
    } catch (ApiException e) {
      throw new Throttled(e.retryAfterSeconds());
    }
  }

  /** The caller is over its rate limit; unwinds {@link #answer} before anything is served. */
  private static final class Throttled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final long retryAfterSeconds;

    Throttled(long retryAfterSeconds) {
      super(null, null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  /**
   * AWS's answers to a throttled call, which its clients retry after a pause: EC2's
   * RequestLimitExceeded (503, its own document), Route 53's and Route 53 Resolver's
   * ThrottlingException (400), and Throttling (400) for the others.
   */
  private static void writeThrottled(
      HttpServletRequest request,
      HttpServletResponse response,
      boolean json,
      long retryAfterSeconds,
      String requestId)
      throws IOException {
    response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
    String message = "Rate exceeded; retry after " + retryAfterSeconds + " s.";
    if (signedForEc2(request)) {
      writeXml(response, 503, Ec2Api.error("RequestLimitExceeded", message, requestId));
      return;
    }
    boolean route53 =
        request.getRequestURI().startsWith("/2013-04-01/")
            || String.valueOf(request.getHeader("X-Amz-Target")).startsWith("Route53Resolver.");
    AwsError error = AwsError.sender(400, route53 ? "ThrottlingException" : "Throttling", message);
    if (!wroteRamError(request, response, error)) {
      write(response, json, error, requestId);
    }
  }

  /** Whether the request's credential scope (header or presigned query) names EC2. */
  private static boolean signedForEc2(HttpServletRequest request) {
    return signedFor(request, EC2_SCOPE);
  }

  private static boolean signedFor(HttpServletRequest request, Pattern scope) {
    String authorization = request.getHeader("Authorization");
    String query = request.getQueryString();
    return (authorization != null && scope.matcher(authorization).find())
        || (query != null && scope.matcher(query.replace("%2F", "/")).find());
  }

  /**
   * Writes the facade's own error (refused signature, throttling, store down, bug) in RAM's
   * REST-JSON shape when the request was signed for RAM, so that its clients read the code (and
   * retry what they retry); false, writing nothing, for any other service.
   */
  private static boolean wroteRamError(
      HttpServletRequest request, HttpServletResponse response, AwsError error) throws IOException {
    if (!signedFor(request, RAM_SCOPE)) {
      return false;
    }
    writeRestJson(response, RamApi.facadeError(error));
    return true;
  }

  private static void writeXml(HttpServletResponse response, int status, String xml)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/xml");
    response.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
  }

  /** A REST-JSON answer (RAM's): an error's code in x-amzn-ErrorType, where botocore reads it. */
  private static void writeRestJson(HttpServletResponse response, RamApi.Answer answer)
      throws IOException {
    response.setStatus(answer.status());
    if (answer.errorType() != null) {
      response.setHeader("x-amzn-ErrorType", answer.errorType());
    }
    response.setContentType("application/json");
    response.getOutputStream().write(answer.json().getBytes(StandardCharsets.UTF_8));
  }

  /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      return null;
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return headers;
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-amz-json");
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /**
   * An error in the shape the client's protocol parses: JSON ({@code __type}, {@code message}) for
   * the JSON protocols, else the XML {@code ErrorResponse} of the query and REST-XML protocols.
   */
  static void write(HttpServletResponse response, boolean json, AwsError error, String requestId)
      throws IOException {
    response.setStatus(error.status());
    String body;
    if (json) {
      response.setContentType("application/x-amz-json-1.0");
      body =
          "{\"__type\":\""
              + Json.text(error.code())
              + "\",\"message\":\""
              + Json.text(error.message())
              + "\"}";
    } else {
      response.setContentType("text/xml");
      body =
          "<ErrorResponse><Error><Type>"
              + (error.sender() ? "Sender" : "Receiver")
              + "</Type><Code>"
              + Xml.text(error.code())
              + "</Code><Message>"
              + Xml.text(error.message())
              + "</Message></Error><RequestId>"
              + requestId
              + "</RequestId></ErrorResponse>";
    }
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
