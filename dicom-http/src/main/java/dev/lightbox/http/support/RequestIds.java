package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every exchange a request id and puts it in the {@code X-Request-Id} response header: the
 * client's own id when it sent a sane one (so logs can be correlated across services), else a
 * fresh UUID.
 */
public final class RequestIds implements HttpHandler {
  public static final HttpString HEADER = new HttpString("X-Request-Id");
  private static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
  /** Echo only ids that cannot inject anything into headers, JSON or logs. */
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final HttpHandler next;

  public RequestIds(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String sent = exchange.getRequestHeaders().getFirst(HEADER);
    String id = sent != null && SANE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    exchange.putAttachment(KEY, id);
    exchange.getResponseHeaders().put(HEADER, id);
    next.handleRequest(exchange);
  }

  /** The id of this exchange ("" if the handler did not run). */
  public static String of(HttpServerExchange exchange) {
    String id = exchange.getAttachment(KEY);
    return id == null ? "" : id;
  }
}
