package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers 421 (Misdirected Request, RFC 9110 §15.5.20) to a request whose {@code Host} names a
 * server this is not configured to be. DNS rebinding points a name the attacker controls at the
 * server's address, so a page from that name can read a server on loopback or a private network
 * with the browser's same-origin blessing; the page's requests then carry the attacker's name in
 * {@code Host}. Accepted: IP literals (a page can only reach an IP literal from its own origin at
 * that literal, which is no rebinding), {@code localhost}, and the configured names; {@code *}
 * accepts any (behind a proxy that checks names itself). A request without {@code Host} (HTTP/1.0
 * tools) is accepted: browsers always send it.
 */
public final class HostCheck implements HttpHandler {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?\\]");

  private final HttpHandler next;
  private final Set<String> names;
  private final boolean any;

  public HostCheck(HttpHandler next, Set<String> configuredNames) {
    this.next = next;
    this.any = configuredNames.contains("*");
    this.names = configuredNames.stream().map(n -> n.toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (any || host == null || host.equals(lastAllowed) || allowedAndRemembered(host)) {
      next.handleRequest(exchange);
      return;
    }
    exchange.setPersistent(false);
    ErrorMapping.send(exchange, new ErrorMapping.Problem(421, "misdirected-request",
        "Misdirected Request", "this server does not answer to the host name '"
        + Query.abbreviate(host) + "'; use its address or a name configured with "
        + "--allowed-hosts"));
  }

  /**
   * The last Host value found allowed: clients send the same one on every request of a
   * connection, and the check's patterns were a measurable share of a hot attribute GET answered
   * on the I/O thread (issue 13). The set of allowed names never changes, so a value once allowed
   * stays allowed; a refused value is never remembered.
   */
  private volatile String lastAllowed;

  private boolean allowedAndRemembered(String host) {
    if (!allowed(host)) {
      return false;
    }
    lastAllowed = host;
    return true;
  }

  /** True for an IP literal, localhost or a configured name, with any port. */
  boolean allowed(String hostHeader) {
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (IPV6.matcher(h.replaceFirst(":\\d{1,5}$", "")).matches() || IPV6.matcher(h).matches()) {
      return true;
    }
    String name = h.replaceFirst(":\\d{1,5}$", "");
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return IPV4.matcher(name).matches() || name.equals("localhost") || names.contains(name);
  }
}
