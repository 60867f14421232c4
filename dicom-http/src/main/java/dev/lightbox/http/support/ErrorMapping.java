package dev.lightbox.http.support;

import com.google.gson.JsonObject;
import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.auth.AuthFailure;
import dev.lightbox.service.auth.AuthenticationException;
import dev.lightbox.service.auth.MissingScopeException;
import dev.lightbox.service.auth.TooManyFailuresException;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ExceptionHandler;
import io.undertow.util.HttpString;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The one place where exceptions become HTTP responses: RFC 9457 {@code application/problem+json}
 * with {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} (the request
 * path) and {@code requestId}. Client mistakes are 4xx with a message that says what to fix;
 * only genuine server faults are 5xx, and no response ever carries a stack trace.
 */
public final class ErrorMapping {
  public static final String PROBLEM_JSON = "application/problem+json";
  private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

  private ErrorMapping() {}

  /** Problem {@code type}s are relative URIs under this prefix, documented in docs/http-api.md. */
  static final String TYPE_PREFIX = "/problems/";

  /**
   * One mapped outcome.
   *
   * @param members extension members (RFC 9457 §3.2), e.g. {@code "store": "index"} on a store
   *     outage
   */
  public record Problem(int status, String type, String title, String detail,
      Map<String, String> members) {
    public Problem {
      members = Map.copyOf(members);
    }

    public Problem(int status, String type, String title, String detail) {
      this(status, type, title, detail, Map.of());
    }

    /** The RFC 9457 members (without {@code instance}), e.g. for a failed part of an upload. */
    public JsonObject toJson() {
      JsonObject body = new JsonObject();
      body.addProperty("type", TYPE_PREFIX + type);
      body.addProperty("title", title);
      body.addProperty("status", status);
      body.addProperty("detail", detail);
      new java.util.TreeMap<>(members).forEach(body::addProperty);
      return body;
    }
  }

  /** Wraps {@code next} so that anything it throws is answered with a problem document. */
  public static HttpHandler wrap(HttpHandler next) {
    ExceptionHandler handler = Handlers.exceptionHandler(next);
    handler.addExceptionHandler(Throwable.class, ErrorMapping::respond);
    return handler;
  }

  /** The problem {@code t} maps to: status, type, title and detail (also for per-part results). */
  public static Problem map(Throwable t) {
    if (t instanceof HttpStatusException e) {
      return new Problem(e.status(), e.type(), title(e.status()), e.getMessage());
    }
    // Access refusals (docs/security.md): the detail says what to fix, never anything about data.
    if (t instanceof AuthenticationException e) {
      return new Problem(401, "unauthorized", title(401), e.getMessage());
    }
    if (t instanceof MissingScopeException e) {
      return new Problem(403, "insufficient-scope", title(403), e.getMessage());
    }
    if (t instanceof TooManyFailuresException e) {
      return new Problem(429, "too-many-failed-authentications", title(429), e.getMessage());
    }
    ServiceException e = Failures.translate(t);
    return switch (e.failure()) {
      case INVALID_REQUEST -> problem(400, "invalid-request", e);
      case INVALID_TAG_PATH -> problem(400, "invalid-tag-path", e);
      case MALFORMED_BODY -> problem(400, "malformed-body", e);
      case NOT_DICOM -> problem(400, "not-dicom", e);
      case FRAME_OUT_OF_RANGE -> problem(400, "frame-out-of-range", e);
      case INSTANCE_NOT_FOUND -> problem(404, "instance-not-found", e);
      case ATTRIBUTE_NOT_FOUND -> problem(404, "attribute-not-found", e);
      case BULK_DATA_NOT_FOUND -> problem(404, "bulk-data-not-found", e);
      case BODY_INCOMPLETE -> problem(408, "request-timeout", e);
      case CONFLICT -> problem(409, "conflict", e);
      case CONCURRENT_CHANGE -> problem(409, "concurrent-change", e);
      case UPLOAD_TOO_LARGE -> problem(413, "upload-too-large", e);
      case MALFORMED_DICOM -> problem(422, "malformed-dicom", e);
      case INVALID_INSTANCE -> problem(422, "invalid-instance", e);
      case NO_PIXEL_DATA -> problem(422, "no-pixel-data", e);
      case UNSUPPORTED_TRANSFER_SYNTAX -> problem(422, "unsupported-transfer-syntax", e);
      case LIMIT_EXCEEDED -> problem(422, "limit-exceeded", e);
      case INVALID_PIXEL_DATA -> problem(422, "invalid-pixel-data", e);
      case BUSY -> problem(503, "busy", e);
      case STORAGE_UNAVAILABLE -> storeProblem(503, "storage-unavailable", e);
      case STORAGE_FULL -> problem(507, "storage-full", e);
      case INTERNAL -> internal();
    };
  }

  private static void respond(HttpServerExchange exchange) {
    answer(exchange, exchange.getAttachment(ExceptionHandler.THROWABLE));
  }

  /**
   * Answers {@code t} as {@link #map} maps it, with the headers its status calls for; for
   * handlers outside {@link #wrap} that refuse a request themselves (the auth gate).
   */
  public static void answer(HttpServerExchange exchange, Throwable t) {
    Problem p = map(t);
    if (p.type().equals("storage-unavailable")) {
      // One line per refused request while a store is down, not a stack trace each (the cause's
      // message names the store's host or path and what the driver said).
      Throwable cause = Failures.translate(t).getCause();
      LOG.log(Level.WARNING, "request " + RequestIds.of(exchange) + " "
          + exchange.getRequestMethod() + " " + exchange.getRequestPath() + ": " + p.detail()
          + (cause == null ? "" : " (" + cause.getMessage() + ")"));
    } else if (p.status() >= 500) {
      LOG.log(Level.ERROR, "request " + RequestIds.of(exchange) + " " + exchange.getRequestMethod()
          + " " + exchange.getRequestPath() + " failed", t);
    }
    if (exchange.isDispatched()) {
      // The whole answer was handed to the I/O thread (WholeResponse) before this failure: it
      // goes out as it is, and the connection is not reused after it.
      exchange.setPersistent(false);
      return;
    }
    if (exchange.isResponseStarted()) {
      // Headers are gone already (a download failed midway): all we can do is cut the connection
      // so the client sees a truncated body rather than a complete-looking one.
      Observability.recordCutOff(exchange, p.type());
      exchange.setPersistent(false);
      exchange.endExchange();
      return;
    }
    if (t instanceof HttpStatusException e) {
      for (Map.Entry<String, String> h : e.headers().entrySet()) {
        exchange.getResponseHeaders().put(new HttpString(h.getKey()), h.getValue());
      }
    }
    accessHeaders(exchange, t);
    if (p.status() == 503 || p.type().equals("concurrent-change")) {
      // Both end by themselves: say when to try again (RFC 9110 §10.2.3).
      exchange.getResponseHeaders().put(new HttpString("Retry-After"), RETRY_AFTER_SECONDS);
    }
    long declared = exchange.getRequestContentLength();
    boolean refusedUnread = p.status() == 413 || p.status() == 401 || p.status() == 403
        || p.status() == 429;
    if (refusedUnread && declared >= 0 && declared <= LINGER_MAX_BYTES) {
      // Refused before reading a modest body (too large, or not allowed to send it): the
      // connection stays open so Undertow discards the declared rest after the answer (a bounded lingering close, RFC 9112 §9.6). Closing while the
      // client is still sending makes the kernel reset the connection, and the client may never
      // read the 413. Larger declared bodies are cut off at once.
    } else if (refusedUnread || p.status() == 408 || p.type().equals("malformed-body")) {
      exchange.setPersistent(false); // the rest of the body is not read; do not reuse the stream
    }
    send(exchange, p);
  }

  /** The realm of the challenges (RFC 9110 §11.5): one protection space, the whole server. */
  static final String REALM = "realm=\"lightbox\"";

  /**
   * 401: a {@code Bearer} and a {@code Basic} challenge (RFC 9110 §11.6.1; RFC 6750 §3: {@code
   * invalid_token} when a credential was sent and refused, no error code when none was sent);
   * 403: {@code insufficient_scope} naming the scope (RFC 6750 §3.1); 429: {@code Retry-After}.
   */
  private static void accessHeaders(HttpServerExchange exchange, Throwable t) {
    HttpString challenge = io.undertow.util.Headers.WWW_AUTHENTICATE;
    if (t instanceof AuthenticationException e) {
      exchange.getResponseHeaders().put(challenge, "Bearer " + REALM
          + (e.failure() == AuthFailure.MISSING ? "" : ", error=\"invalid_token\""));
      // Browsers answer a Basic challenge to a script's request with their own login dialog;
      // the viewer (and other pages) mark their requests so they get only the Bearer challenge
      // and can ask for a token themselves (the convention Spring Security also follows).
      if (!"XMLHttpRequest".equalsIgnoreCase(
          exchange.getRequestHeaders().getFirst("X-Requested-With"))) {
        exchange.getResponseHeaders().add(challenge, "Basic " + REALM + ", charset=\"UTF-8\"");
      }
    } else if (t instanceof MissingScopeException e) {
      exchange.getResponseHeaders().put(challenge, "Bearer " + REALM
          + ", error=\"insufficient_scope\", scope=\"" + e.scope().label() + "\"");
    } else if (t instanceof TooManyFailuresException e) {
      exchange.getResponseHeaders().put(new HttpString("Retry-After"),
          String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
    }
  }

  /** Seconds a client is asked to wait after a busy or concurrent-change answer. */
  static final String RETRY_AFTER_SECONDS = "1";

  /** Most a refused request may still send, discarded, before its connection is closed. */
  private static final long LINGER_MAX_BYTES = 16L << 20;

  /** Writes {@code p} as the response (headers already set stay, except the entity ones). */
  public static void send(HttpServerExchange exchange, Problem p) {
    exchange.getResponseHeaders().remove(io.undertow.util.Headers.ETAG);
    exchange.getResponseHeaders().remove(io.undertow.util.Headers.CONTENT_DISPOSITION);
    JsonObject body = p.toJson();
    body.addProperty("instance", exchange.getRequestPath());
    body.addProperty("requestId", RequestIds.of(exchange));
    Json.send(exchange, p.status(), PROBLEM_JSON, body);
  }

  private static Problem problem(int status, String type, Throwable t) {
    return new Problem(status, type, title(status), t.getMessage());
  }

  /** A store fault: names the store (extension member {@code store}) when it is known. */
  private static Problem storeProblem(int status, String type, ServiceException e) {
    Map<String, String> members = e.store().map(s -> Map.of("store", s.label())).orElse(Map.of());
    return new Problem(status, type, title(status), e.getMessage(), members);
  }

  private static Problem internal() {
    return new Problem(500, "internal-error", title(500),
        "the server failed to complete the request; the request id identifies it in the server log");
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 507 -> "Insufficient Storage";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
