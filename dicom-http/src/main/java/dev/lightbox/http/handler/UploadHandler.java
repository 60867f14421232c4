package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.GuardedBody;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.MinimumRateStream;
import dev.lightbox.http.support.MultipartReader;
import dev.lightbox.http.support.Observability;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.StallGuard;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.ingest.BatchOutcome;
import dev.lightbox.service.ingest.IngestOutcome;
import dev.lightbox.service.ingest.IngestService;
import dev.lightbox.service.ingest.PartSource;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /instances[?replace=true]} with an {@code application/dicom} body (chunked allowed)
 * or a {@code multipart/form-data} body of one or more {@code file} parts (RFC 7578). One file: 201
 * + Location for a new instance, 200 for an identical re-upload or a requested replacement, the
 * problem otherwise. Several files: {@code {"results": [...]}} with 201 when all are new, 200 when
 * all succeeded, 202 when some failed, and the failures' 4xx when all failed (DESIGN.md).
 */
public final class UploadHandler implements HttpHandler {
  /** More file parts than this in one request is refused (400): each is a full ingest. */
  static final int MAX_PARTS = 1000;
  /**
   * Slowest accepted average upload rate, checked after {@link #MIN_RATE_GRACE}: a body trickled
   * in a byte at a time would otherwise hold a worker thread indefinitely (docs/reliability.md).
   */
  static final long MIN_BODY_BYTES_PER_SECOND = 1024;
  static final java.time.Duration MIN_RATE_GRACE = java.time.Duration.ofSeconds(10);

  private final IngestService service;
  private final StallGuard stallGuard;

  public UploadHandler(IngestService service, StallGuard stallGuard) {
    this.service = service;
    this.stallGuard = stallGuard;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    boolean replace = Query.flag(exchange, "replace");
    // Undertow's entity limit is off server-wide (LightboxServer; RequestFraming refuses bodies
    // elsewhere); uploads enforce their own per-file limit while streaming, with a 413 problem.
    exchange.setMaxEntitySize(Long.MAX_VALUE);
    if (mediaType.equals("multipart/form-data")) {
      multipart(exchange, type, replace);
      return;
    }
    if (!mediaType.equals("application/dicom")) {
      throw new HttpStatusException(415, "unsupported-media-type", "upload a DICOM file as "
          + "application/dicom or multipart/form-data with file parts"
          + (type == null ? "; no Content-Type was sent" : ", not " + Query.abbreviate(type)));
    }
    // Refuse a declared oversized body before reading any of it.
    long declared = exchange.getRequestContentLength();
    if (declared > service.maxUploadBytes()) {
      throw ServiceException.uploadTooLarge(service.maxUploadBytes());
    }
    sendSingle(exchange, service.ingest(AuthGate.tenant(exchange), body(exchange), replace));
  }

  private void multipart(HttpServerExchange exchange, String type, boolean replace)
      throws Exception {
    String boundary = MultipartReader.boundary(type).orElseThrow(() ->
        new ServiceException(Failure.MALFORMED_BODY, "multipart/form-data needs a boundary "
            + "parameter of 1-70 characters (RFC 2046 §5.1.1)"));
    MultipartReader reader = new MultipartReader(body(exchange), boundary);
    // Only parts named "file" are uploads; other form fields are skipped by the reader.
    PartSource files = () -> {
      for (Optional<MultipartReader.Part> p; (p = reader.next()).isPresent(); ) {
        if (p.get().name().equals("file")) {
          return Optional.of(new PartSource.Part(p.get().filename(), p.get().body()));
        }
      }
      return Optional.empty();
    };
    BatchOutcome batch = service.ingestAll(AuthGate.tenant(exchange), files, replace, MAX_PARTS);
    if (batch.items().isEmpty()) {
      throw ServiceException.invalidRequest("the multipart body has no part named 'file'");
    }
    if (batch.items().size() == 1) {
      BatchOutcome.Item only = batch.items().get(0);
      if (only.failure().isPresent()) {
        throw only.failure().get();
      }
      sendSingle(exchange, only.outcome().orElseThrow());
      return;
    }
    JsonArray results = new JsonArray();
    Integer failureStatus = null;
    for (BatchOutcome.Item item : batch.items()) {
      if (item.succeeded()) {
        results.add(InstanceJson.upload(item.outcome().orElseThrow()));
        continue;
      }
      ErrorMapping.Problem p = ErrorMapping.map(item.failure().orElseThrow());
      failureStatus = failureStatus == null || failureStatus == p.status() ? p.status() : 400;
      JsonObject entry = new JsonObject();
      entry.addProperty("filename", item.name());
      entry.addProperty("status", "failed");
      entry.add("problem", p.toJson());
      results.add(entry);
    }
    JsonObject body = new JsonObject();
    body.add("results", results);
    int status = switch (batch.summary()) {
      case ALL_NEW -> 201;
      case ALL_SUCCEEDED -> 200;
      case SOME_FAILED -> 202;
      case ALL_FAILED -> failureStatus;
    };
    Json.send(exchange, status, body);
  }

  private InputStream body(HttpServerExchange exchange) {
    return GuardedBody.of(exchange, stallGuard, MIN_BODY_BYTES_PER_SECOND, MIN_RATE_GRACE);
  }

  private static void sendSingle(HttpServerExchange exchange, IngestOutcome result) {
    String id = result.instance().sopInstanceUid();
    boolean stored = result.status() == IngestOutcome.Status.STORED;
    if (stored) {
      exchange.getResponseHeaders().put(Headers.LOCATION, InstanceJson.path(id));
    }
    Json.send(exchange, stored ? 201 : 200,
        InstanceJson.upload(result));
  }
}
