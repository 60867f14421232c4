package dev.lightbox.http.dicomweb;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.GuardedBody;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.MultipartReader;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.Router;
import dev.lightbox.http.support.StallGuard;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Uids;
import dev.lightbox.service.ingest.BatchOutcome;
import dev.lightbox.service.ingest.IngestService;
import dev.lightbox.service.ingest.PartSource;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * STOW-RS, {@code POST /dicomweb/studies[/{study}]} (PS3.18 §10.5): a {@code multipart/related;
 * type="application/dicom"} body of any number of parts, each streamed into the ingest service as
 * it arrives, or a bare {@code application/dicom} body. Answers with the Store Instances Response
 * ({@link StowResponse}): 200 when every instance was stored without warnings, 202 when some
 * failed or carry warnings, 409 when none was stored (400 when none was even understood).
 */
public final class StowHandler implements HttpHandler {
  /** More parts than this in one request end it (each is a full ingest). */
  static final int MAX_PARTS = 10_000;
  static final long MIN_BODY_BYTES_PER_SECOND = 1024;
  static final Duration MIN_RATE_GRACE = Duration.ofSeconds(10);
  /** Warning headers for failed parts are capped; the body lists every failure. */
  static final int MAX_WARNING_HEADERS = 20;

  private final IngestService service;
  private final StallGuard stallGuard;
  private final boolean studyInPath;

  public StowHandler(IngestService service, StallGuard stallGuard, boolean studyInPath) {
    this.service = service;
    this.stallGuard = stallGuard;
    this.studyInPath = studyInPath;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Optional<String> study = Optional.empty();
    if (studyInPath) {
      String s = Router.param(exchange, "study");
      Uids.requireUid("study", s);
      study = Optional.of(s);
    }
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    exchange.setMaxEntitySize(Long.MAX_VALUE);
    InputStream body = GuardedBody.of(exchange, stallGuard, MIN_BODY_BYTES_PER_SECOND,
        MIN_RATE_GRACE);
    PartSource parts;
    if (mediaType.equals("multipart/related")) {
      parts = multipart(type, body);
    } else if (mediaType.equals("application/dicom")) {
      if (exchange.getRequestContentLength() > service.maxUploadBytes()) {
        throw ServiceException.uploadTooLarge(service.maxUploadBytes());
      }
      boolean[] given = {false};
      parts = () -> {
        if (given[0]) {
          return Optional.empty();
        }
        given[0] = true;
        return Optional.of(new PartSource.Part("", body));
      };
    } else {
      throw new HttpStatusException(415, "unsupported-media-type", "STOW-RS takes "
          + "multipart/related; type=\"application/dicom\" or application/dicom"
          + (type == null ? "; no Content-Type was sent" : ", not " + Query.abbreviate(type)));
    }
    BatchOutcome batch = service.ingestAll(AuthGate.tenant(exchange), parts, false, MAX_PARTS, study);
    if (batch.items().isEmpty()) {
      throw ServiceException.invalidRequest("the multipart/related body has no parts");
    }
    warn(exchange, batch);
    boolean warnings = batch.items().stream().anyMatch(i -> i.succeeded()
        && !i.outcome().orElseThrow().warnings().isEmpty());
    int status = switch (batch.summary()) {
      case ALL_NEW, ALL_SUCCEEDED -> warnings ? 202 : 200;
      case SOME_FAILED -> 202;
      case ALL_FAILED -> allUnderstood(batch) ? 409 : 400;
    };
    Json.send(exchange, status, Json.DICOM_JSON,
        StowResponse.of(batch, study, DicomWebLinks.of(exchange)));
  }

  private static PartSource multipart(String type, InputStream body) throws ServiceException {
    String boundary = MultipartReader.boundary(type).orElseThrow(() ->
        new ServiceException(Failure.MALFORMED_BODY, "multipart/related needs a boundary "
            + "parameter of 1-70 characters (RFC 2046 §5.1.1)"));
    Optional<String> partType = MultipartReader.parameter(type, "type");
    if (partType.isPresent() && !partType.get().equalsIgnoreCase("application/dicom")) {
      throw new HttpStatusException(415, "unsupported-media-type", "STOW-RS stores parts of "
          + "type application/dicom; type=\"" + Query.abbreviate(partType.get())
          + "\" (metadata and bulk data parts) is not supported");
    }
    MultipartReader reader = MultipartReader.related(body, boundary);
    // A part's declared type is not trusted either way: the reader decides what is DICOM, and a
    // part that is not is refused for itself (FailureReason C000) while the others count.
    return () -> reader.next().map(p -> new PartSource.Part(p.name(), p.body()));
  }

  private static boolean allUnderstood(BatchOutcome batch) {
    return batch.items().stream().map(i -> i.failure().orElseThrow().failure())
        .noneMatch(f -> f == Failure.NOT_DICOM || f == Failure.MALFORMED_DICOM);
  }

  /** One {@code Warning} header (RFC 9111 §5.5, as PS3.18 §8.4.3 uses it) per failed part. */
  private static void warn(HttpServerExchange exchange, BatchOutcome batch) {
    List<BatchOutcome.Item> failedItems = batch.items().stream()
        .filter(i -> !i.succeeded()).limit(MAX_WARNING_HEADERS).toList();
    int n = 0;
    for (BatchOutcome.Item item : batch.items()) {
      n++;
      if (failedItems.contains(item)) {
        String detail = item.failure().orElseThrow().getMessage().replace('"', '\'')
            .replaceAll("[\\r\\n]", " ");
        exchange.getResponseHeaders().add(new HttpString("Warning"), "299 lightbox \"part " + n
            + ": " + Query.abbreviate(detail) + "\"");
      }
    }
  }
}
