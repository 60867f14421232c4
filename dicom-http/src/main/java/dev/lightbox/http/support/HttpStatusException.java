package dev.lightbox.http.support;

import java.util.Map;

/**
 * A protocol-level refusal decided by a handler or the router (unsupported media type, not
 * acceptable, method not allowed, unknown route, declared body too large). {@link ErrorMapping}
 * writes it with its own status.
 */
public final class HttpStatusException extends RuntimeException {
  private final int status;
  private final String type;
  private final Map<String, String> headers;

  public HttpStatusException(int status, String type, String detail) {
    this(status, type, detail, Map.of());
  }

  /** @param headers extra response headers, e.g. {@code Allow} for 405 */
  public HttpStatusException(int status, String type, String detail, Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.type = type;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
