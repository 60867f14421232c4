package dev.lightbox.http.support;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches the request path against route templates and dispatches by method. Templates are
 * {@code /}-separated; {@code {name}} matches one segment and a final {@code {name*}} the rest of
 * the path (for tag paths into sequences). A path no template matches is 404; a path that matches
 * with another method is 405 with {@code Allow} (RFC 9110 §15.5.6). HEAD is allowed wherever GET
 * is (RFC 9110 §9.3.2); Undertow sends no body for HEAD.
 */
public final class Router implements HttpHandler {
  private static final AttachmentKey<Map<String, String>> PARAMS = AttachmentKey.create(Map.class);
  private static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
  /** The route label of requests no template matched (404s, requests refused before routing). */
  public static final String UNMATCHED = "unmatched";

  private record Route(HttpString method, String template, String[] segments, Access access,
      HttpHandler handler) {}

  /**
   * A method and path template pair, as the route table and the OpenAPI document list them, with
   * the access rule declared for it.
   */
  public record Endpoint(String method, String template, Access access) {}

  /**
   * The route a request would be dispatched to: its template, access rule and path parameters.
   */
  public record Match(String template, Access access, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; {@code access} says who may call it (there is no route without a rule). */
  public Router add(HttpString method, String template, Access access, HttpHandler handler) {
    java.util.Objects.requireNonNull(access, "access");
    // Labels and the spec show {tagPath}; the trailing * is only this router's "rest of path" mark.
    routes.add(new Route(method, template.replace("*}", "}"), template.substring(1).split("/", -1),
        access, handler));
    return this;
  }

  public Router get(String template, Access access, HttpHandler handler) {
    return add(Methods.GET, template, access, handler);
  }

  public Router post(String template, Access access, HttpHandler handler) {
    return add(Methods.POST, template, access, handler);
  }

  public Router delete(String template, Access access, HttpHandler handler) {
    return add(Methods.DELETE, template, access, handler);
  }

  /** Every method and template served; HEAD is implied by GET and not listed. */
  public List<Endpoint> endpoints() {
    return routes.stream().map(r -> new Endpoint(r.method().toString(), r.template(), r.access()))
        .toList();
  }

  /**
   * The route {@link #handleRequest} would dispatch a {@code method} request for {@code path} to,
   * or null when it would answer 404 or 405 (the auth gate asks before dispatch).
   */
  public Match match(HttpString method, String path) {
    String[] segments = split(path);
    for (Route r : routes) {
      if (dispatches(r, method)) {
        Map<String, String> params = match(r.segments(), segments);
        if (params != null) {
          return new Match(r.template(), r.access(), params);
        }
      }
    }
    return null;
  }

  private static String[] split(String path) {
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }

  private static boolean dispatches(Route r, HttpString method) {
    return method.equals(r.method()) || (method.equals(Methods.HEAD)
        && r.method().equals(Methods.GET));
  }

  /** The template of the route that matched this exchange, or {@link #UNMATCHED}. */
  public static String route(HttpServerExchange exchange) {
    String r = exchange.getAttachment(ROUTE);
    return r == null ? UNMATCHED : r;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRelativePath();
    String[] segments = split(path);
    HttpString method = exchange.getRequestMethod();
    Set<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      Map<String, String> params = match(r.segments(), segments);
      if (params == null) {
        continue;
      }
      if (dispatches(r, method)) {
        exchange.putAttachment(PARAMS, params);
        exchange.putAttachment(ROUTE, r.template());
        r.handler().handleRequest(exchange);
        return;
      }
      allowed.add(r.method().toString());
      if (r.method().equals(Methods.GET)) {
        allowed.add("HEAD");
      }
    }
    if (allowed.isEmpty()) {
      throw new HttpStatusException(404, "not-found", "no route for " + path);
    }
    String allow = String.join(", ", allowed);
    // A 405 is still a request for a known route: label it so, not as unmatched.
    routes.stream().filter(r -> match(r.segments(), segments) != null).findFirst()
        .ifPresent(r -> exchange.putAttachment(ROUTE, r.template()));
    throw new HttpStatusException(405, "method-not-allowed", method + " is not allowed on "
        + path + "; allowed: " + allow, Map.of("Allow", allow));
  }

  /**
   * Labels an exchange answered before routing (a kept answer sent from the I/O thread) with the
   * route {@code template} that would have matched, so metrics and the access log count it there.
   */
  public static void label(HttpServerExchange exchange, String template) {
    exchange.putAttachment(ROUTE, template);
  }

  /** The value of path parameter {@code name} of the matched route. */
  public static String param(HttpServerExchange exchange, String name) {
    Map<String, String> params = exchange.getAttachment(PARAMS);
    String v = params == null ? null : params.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return v;
  }

  private static Map<String, String> match(String[] template, String[] path) {
    // Most templates differ in length from the path: refuse those before allocating anything
    // (the auth gate matches every request on the I/O thread).
    boolean tail = template.length > 0 && template[template.length - 1].endsWith("*}");
    if (tail ? path.length < template.length : path.length != template.length) {
      return null;
    }
    for (int i = 0; i < template.length; i++) {
      if (!template[i].startsWith("{") && !template[i].equals(path[i])) {
        return null; // a literal segment differs: no map for this template
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("*}")) {
        if (i >= path.length || i != template.length - 1) {
          return null;
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(path, i, path.length));
        if (rest.isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 2), rest);
        return params;
      }
      if (i >= path.length) {
        return null;
      }
      if (t.startsWith("{") && t.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), path[i]);
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return template.length == path.length ? params : null;
  }
}
