package dev.lightbox.http.support;

import dev.lightbox.service.ServiceException;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Reads query parameters; malformed values are invalid requests (400). */
public final class Query {
  private Query() {}

  public static Optional<String> first(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  public static List<String> all(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  /** An integer parameter within {@code [min, max]}, or {@code fallback} when absent. */
  public static long integer(HttpServerExchange exchange, String name, long fallback, long min,
      long max) throws ServiceException {
    Optional<String> v = first(exchange, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Digits.parse(v.get());
      if (n < min || n > max) {
        throw ServiceException.invalidRequest(name + " must be between " + min + " and " + max
            + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ServiceException.invalidRequest(name + " must be a whole number written in the "
          + "digits 0-9 (no sign), got '"
          + abbreviate(v.get()) + "'");
    }
  }

  /** {@code true}/{@code false} (absent: false). */
  public static boolean flag(HttpServerExchange exchange, String name)
      throws ServiceException {
    Optional<String> v = first(exchange, name);
    if (v.isEmpty() || v.get().equals("false")) {
      return false;
    }
    if (v.get().equals("true") || v.get().isEmpty()) {
      return true;
    }
    throw ServiceException.invalidRequest(name + " must be true or false, got '"
        + abbreviate(v.get()) + "'");
  }

  public static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
