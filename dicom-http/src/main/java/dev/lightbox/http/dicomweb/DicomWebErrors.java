package dev.lightbox.http.dicomweb;

import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The one place where DICOMweb outcomes are mapped: {@link Failure} to an HTTP status and problem
 * body for the {@code /dicomweb} and {@code /wado} routes, and {@link Failure} to the STOW-RS
 * FailureReason (0008,1197) of a refused instance (PS3.18 §10.5.3, codes of PS3.4 Annex B.2.3).
 *
 * <p>Statuses follow {@link ErrorMapping} except where PS3.18 names another: a transfer syntax or
 * media type that cannot be produced is 406 Not Acceptable (PS3.18 §8.7.5 / §10.4.3).
 */
public final class DicomWebErrors {
  /** PS3.4 B.2.3 "Refused: Out of Resources". */
  public static final int OUT_OF_RESOURCES = 0xA700;
  /** PS3.4 B.2.3 "Error: Data Set does not match SOP Class". */
  public static final int DATA_SET_DOES_NOT_MATCH = 0xA900;
  /** PS3.4 B.2.3 "Error: Cannot understand". */
  public static final int CANNOT_UNDERSTAND = 0xC000;
  /** PS3.7 C.4.2 "Duplicate SOP Instance": other content is stored under this SOP Instance UID. */
  public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
  /** PS3.7 C.4.2 "Processing failure". */
  public static final int PROCESSING_FAILURE = 0x0110;
  /**
   * PS3.4 B.2.3 "Coercion of Data Elements" (warning): the reader tolerated and repaired defects
   * of the file (the stored bytes are the client's, unchanged; the problems are reported).
   */
  public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;

  private DicomWebErrors() {}

  /** The FailureReason of an instance a STOW-RS request could not store. */
  public static int failureReason(Failure f) {
    return switch (f) {
      case NOT_DICOM, MALFORMED_DICOM, MALFORMED_BODY -> CANNOT_UNDERSTAND;
      case INVALID_INSTANCE -> DATA_SET_DOES_NOT_MATCH;
      case CONFLICT -> DUPLICATE_SOP_INSTANCE;
      case UPLOAD_TOO_LARGE, STORAGE_FULL, LIMIT_EXCEEDED, BUSY -> OUT_OF_RESOURCES;
      default -> PROCESSING_FAILURE;
    };
  }

  /** The problem {@code t} maps to on a DICOMweb route. */
  public static ErrorMapping.Problem problem(Throwable t) {
    ErrorMapping.Problem p = ErrorMapping.map(t);
    if (p.status() < 500 && !(t instanceof dev.lightbox.http.support.HttpStatusException)
        && Failures.translate(t).failure() == Failure.UNSUPPORTED_TRANSFER_SYNTAX) {
      return new ErrorMapping.Problem(406, "not-acceptable", "Not Acceptable", p.detail());
    }
    return p;
  }

  /** Wraps a DICOMweb handler so that its failures are answered by {@link #problem}. */
  public static HttpHandler wrap(HttpHandler next) {
    return exchange -> {
      try {
        next.handleRequest(exchange);
      } catch (Exception e) {
        if (exchange.isResponseStarted()) {
          throw e;
        }
        ErrorMapping.Problem p = problem(e);
        if (p.status() >= 500 || p.status() == 413 || p.status() == 408) {
          throw e; // the general map logs server faults and closes connections with unread bodies
        }
        if (p.type().equals("malformed-body")) {
          exchange.setPersistent(false);
        }
        ErrorMapping.send(exchange, p);
      }
    };
  }

  static boolean isStarted(HttpServerExchange exchange) {
    return exchange.isResponseStarted();
  }
}
