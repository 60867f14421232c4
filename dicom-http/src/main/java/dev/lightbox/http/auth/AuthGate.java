package dev.lightbox.http.auth;

import dev.lightbox.http.support.Access;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.RequestIds;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.auth.AuthenticationException;
import dev.lightbox.service.auth.Authenticator;
import dev.lightbox.service.auth.Credentials;
import dev.lightbox.service.auth.FailureLimiter;
import dev.lightbox.service.auth.MissingScopeException;
import dev.lightbox.service.auth.Principal;
import dev.lightbox.service.auth.Scope;
import dev.lightbox.service.auth.TooManyFailuresException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authentication and authorization of every request, before anything else can answer it (the
 * upload gate, the kept single-attribute answers, the router): the access rule comes from the
 * route the {@link Router} would dispatch to, so a route cannot exist without one. Public routes
 * pass; others need a credential ({@link Credentials}) that a verifier accepts and, for a matched
 * route, the route's scope. A request no route matches (404, 405) still needs a valid credential,
 * so unauthenticated clients learn nothing, not even which paths exist beyond the public ones.
 *
 * <p>Runs on the I/O thread: a credential known from memory (the token snapshot) is judged there
 * at the cost of one SHA-256 and a map lookup; only an unknown one moves the exchange to a worker
 * for the database lookup. Refusals (401, 403, 429) are answered through {@link ErrorMapping};
 * failures count against the client address, and against the token when it is known (expired,
 * revoked), in the {@link FailureLimiter}. Every refusal and every access to instance data is
 * written to the {@link AuditLog}.
 *
 * <p>Client addresses are the TCP peer's: behind a reverse proxy they are the proxy's (no
 * forwarding header is trusted), so limit failures at the proxy too.
 */
public final class AuthGate implements HttpHandler {
  private static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);
  /** A UID's form (PS3.5 §9.1): digits and dots, at most 64 characters. */
  private static final Pattern UID = Pattern.compile("[0-9][0-9.]{0,63}");
  private static final Pattern TOKEN_ID = Pattern.compile("tok_[0-9a-f]{16}");
  private static final Map<String, String> UID_PARAMS = Map.of("id", "sopInstanceUid",
      "study", "studyInstanceUid", "series", "seriesInstanceUid", "instance", "sopInstanceUid");

  private final HttpHandler next;
  private final Router router;
  private final boolean required;
  private final Authenticator verifier;
  private final FailureLimiter limiter;
  private final AuditLog audit;

  /**
   * @param verifier judges credentials ({@code --auth required}); unused otherwise
   * @param audit where accesses and refusals are written; null for none
   */
  public AuthGate(HttpHandler next, Router router, boolean required, Authenticator verifier,
      FailureLimiter limiter, AuditLog audit) {
    this.next = next;
    this.router = router;
    this.required = required;
    this.verifier = verifier;
    this.limiter = limiter;
    this.audit = audit;
  }

  /** Who the request acts as; {@link Principal#anonymous()} when authentication is off. */
  public static Principal principal(HttpServerExchange exchange) {
    Principal p = exchange.getAttachment(PRINCIPAL);
    return p == null ? Principal.anonymous() : p;
  }

  /**
   * The tenant the request acts in: its principal's ({@link Tenant#DEFAULT} when authentication
   * is off). Every handler that reads or changes instances passes it to the services.
   */
  public static Tenant tenant(HttpServerExchange exchange) {
    Principal p = exchange.getAttachment(PRINCIPAL);
    return p == null ? Tenant.DEFAULT : Tenant.of(p.tenant());
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!required && audit == null) {
      next.handleRequest(exchange); // --auth none on loopback: nothing to check or write
      return;
    }
    Router.Match match = router.match(exchange.getRequestMethod(), exchange.getRelativePath());
    if (!required) {
      audited(exchange, match, Principal.anonymous());
      next.handleRequest(exchange);
      return;
    }
    if (match != null && match.access() == Access.PUBLIC) {
      next.handleRequest(exchange);
      return;
    }
    Object address = addressKey(exchange);
    Optional<Duration> wait = limiter.blocked(address);
    if (wait.isPresent()) {
      refuse(exchange, match, null, new TooManyFailuresException(wait.get()), "rate-limited");
      return;
    }
    Principal principal;
    try {
      String credential = Credentials.from(
          exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
      principal = verifier.fromMemory(credential);
      if (principal == null) {
        if (exchange.isInIoThread()) {
          exchange.dispatch(this); // not in memory: look it up where blocking is allowed
          return;
        }
        principal = verifier.authenticate(credential);
      }
    } catch (AuthenticationException e) {
      limiter.failed(address);
      String reason = e.failure().name().toLowerCase(Locale.ROOT);
      if (e.subject().isPresent()) {
        String token = "token:" + e.subject().get();
        limiter.failed(token);
        Optional<Duration> tokenWait = limiter.blocked(token);
        if (tokenWait.isPresent()) {
          refuse(exchange, match, e.subject().get(),
              new TooManyFailuresException(tokenWait.get()), "rate-limited");
          return;
        }
      }
      refuse(exchange, match, e.subject().orElse(null), e, reason);
      return;
    } catch (ServiceException e) {
      refuse(exchange, match, null, e, "unverifiable"); // never let a failed check through
      return;
    }
    Optional<Scope> needed = match == null ? Optional.empty() : match.access().scope();
    if (needed.isPresent() && !principal.has(needed.get())) {
      refuse(exchange, match, principal.subject(),
          new MissingScopeException(needed.get(), principal), "scope:" + needed.get().label());
      return;
    }
    exchange.putAttachment(PRINCIPAL, principal);
    audited(exchange, match, principal);
    next.handleRequest(exchange);
  }

  /** Writes an access line when the exchange completes, if the route touches instance data. */
  private void audited(HttpServerExchange exchange, Router.Match match, Principal principal) {
    if (audit == null || match == null) {
      return;
    }
    String method = exchange.getRequestMethod().toString();
    Optional<String> action = AuditAction.of(method, match.template(), match.access());
    if (action.isEmpty()) {
      return;
    }
    String client = client(exchange);
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      audit.record(new AuditLog.Event(Instant.now(), "access", principal.subject(),
          principal.tenant(), client, action.get(), method, match.template(), uids(match),
          ex.getStatusCode(), null, RequestIds.of(ex)));
      nextListener.proceed();
    });
  }

  private void refuse(HttpServerExchange exchange, Router.Match match, String subject,
      Exception why, String reason) {
    if (match != null) {
      Router.label(exchange, match.template()); // metrics count refusals under their route
    }
    ErrorMapping.answer(exchange, why);
    if (audit != null) {
      String method = exchange.getRequestMethod().toString();
      audit.record(new AuditLog.Event(Instant.now(), "refused", subject, null, client(exchange),
          match == null ? "none"
              : AuditAction.of(method, match.template(), match.access()).orElse("none"),
          method, match == null ? Router.UNMATCHED : match.template(),
          match == null ? Map.of() : uids(match), exchange.getStatusCode(), reason,
          RequestIds.of(exchange)));
    }
  }

  /** The UID path parameters of the match; anything not shaped like a UID is not written. */
  private static Map<String, String> uids(Router.Match match) {
    Map<String, String> out = new LinkedHashMap<>();
    if (match.template().startsWith("/tokens")) { // token management: the token's id, not a UID
      String id = match.params().get("id");
      if (id != null) {
        out.put("tokenId", TOKEN_ID.matcher(id).matches() ? id : "(by name)");
      }
      return out;
    }
    match.params().forEach((name, value) -> {
      String key = UID_PARAMS.get(name);
      if (key != null) {
        out.put(key, UID.matcher(value).matches() ? value : "(not a UID)");
      }
    });
    return out;
  }

  /** The client's address as the limiter's key (the InetAddress itself: no string per request). */
  private static Object addressKey(HttpServerExchange exchange) {
    InetSocketAddress a = exchange.getSourceAddress();
    return a == null || a.getAddress() == null ? "unknown" : a.getAddress();
  }

  private static String client(HttpServerExchange exchange) {
    InetSocketAddress a = exchange.getSourceAddress();
    return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
  }
}
