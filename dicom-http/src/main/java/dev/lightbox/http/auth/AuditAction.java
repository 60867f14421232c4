package dev.lightbox.http.auth;

import dev.lightbox.http.support.Access;
import java.util.Optional;
import java.util.Set;

/**
 * What a request does to instance data, for the audit log: {@code store}, {@code read} (headers
 * and attributes), {@code render}, {@code download} (files, frames, bulk data, WADO), {@code
 * query} (listings, QIDO-RS), {@code delete}, {@code send} (to a DICOM peer), {@code token}.
 * Routes that touch no instance data (every public route — health, the viewer's files, the
 * OpenAPI document — and the metrics) have no action and are audited only when a request to them
 * is refused.
 */
public final class AuditAction {
  /** The one non-public route without instance data. */
  private static final String METRICS = "/metrics";
  private static final Set<String> DICOMWEB_RETRIEVE = Set.of("/dicomweb/studies/{study}",
      "/dicomweb/studies/{study}/series/{series}",
      "/dicomweb/studies/{study}/series/{series}/instances/{instance}");

  private AuditAction() {}

  /**
   * The action of a {@code method} request to route {@code template}, whose rule is {@code
   * access}; empty for no data.
   */
  public static Optional<String> of(String method, String template, Access access) {
    if (access == Access.PUBLIC || template.equals(METRICS)) {
      return Optional.empty();
    }
    if (template.startsWith("/tokens")) {
      return Optional.of("token");
    }
    if (method.equals("DELETE")) {
      return Optional.of("delete");
    }
    if (method.equals("POST")) {
      return Optional.of(template.endsWith("/send") ? "send" : "store");
    }
    if (template.endsWith("/rendered") || template.endsWith("/thumbnail")) {
      return Optional.of("render");
    }
    if (template.endsWith("/file") || template.endsWith("/archive") || template.contains("/bulk")
        || template.equals("/wado")
        || template.endsWith("/frames/{frames}") || DICOMWEB_RETRIEVE.contains(template)) {
      return Optional.of("download");
    }
    if (template.equals("/instances") || template.endsWith("/studies")
        || template.endsWith("/series") || template.endsWith("/instances")) {
      return Optional.of("query");
    }
    return Optional.of("read");
  }
}
