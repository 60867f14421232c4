package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.http.service.InstanceService;
import dev.lightbox.http.service.MalformedBodyException;
import dev.lightbox.http.service.ServiceException;
import dev.lightbox.http.service.UploadResult;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.MinimumRateStream;
import dev.lightbox.http.support.MultipartReader;
import dev.lightbox.http.support.Observability;
import dev.lightbox.http.support.StallGuard;
import dev.lightbox.http.support.Query;
import dev.lightbox.storage.ingest.ConflictException;
import dev.lightbox.storage.ingest.IngestStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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

  private final InstanceService service;
  private final StallGuard stallGuard;

  public UploadHandler(InstanceService service, StallGuard stallGuard) {
    this.service = service;
    this.stallGuard = stallGuard;
  }

  /** One file part's outcome: a result or the exception that refused it. */
  private record Outcome(String filename, UploadResult result, Exception failure) {}

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
      throw new ServiceException.UploadTooLarge(service.maxUploadBytes());
    }
    UploadResult result = service.ingest(body(exchange), replace);
    sendSingle(exchange, result);
  }

  private void multipart(HttpServerExchange exchange, String type, boolean replace)
      throws Exception {
    String boundary = MultipartReader.boundary(type).orElseThrow(() ->
        new MalformedBodyException("multipart/form-data needs a boundary parameter of 1-70 "
            + "characters (RFC 2046 §5.1.1)"));
    MultipartReader reader = new MultipartReader(body(exchange), boundary);
    List<Outcome> outcomes = new ArrayList<>();
    for (Optional<MultipartReader.Part> next; (next = nextPart(reader)).isPresent(); ) {
      MultipartReader.Part part = next.get();
      if (!part.name().equals("file")) {
        continue; // other form fields are ignored (the reader skips their content)
      }
      if (outcomes.size() == MAX_PARTS) {
        throw new ServiceException.InvalidRequest("at most " + MAX_PARTS
            + " file parts per request");
      }
      try {
        outcomes.add(new Outcome(part.filename(), service.ingest(part.body(), replace), null));
      } catch (DicomParseException | ConflictException | ServiceException.UnprocessableInstance e) {
        // This file is refused; the others still count. Anything else (limits, a broken or
        // stalled body, storage faults) ends the whole request.
        outcomes.add(new Outcome(part.filename(), null, e));
      }
    }
    if (outcomes.isEmpty()) {
      throw new ServiceException.InvalidRequest("the multipart body has no part named 'file'");
    }
    if (outcomes.size() == 1) {
      Outcome only = outcomes.get(0);
      if (only.failure() != null) {
        throw only.failure();
      }
      sendSingle(exchange, only.result());
      return;
    }
    JsonArray results = new JsonArray();
    boolean allNew = true;
    int failed = 0;
    Integer failureStatus = null;
    for (Outcome o : outcomes) {
      if (o.failure() == null) {
        results.add(InstanceJson.upload(o.result()));
        allNew &= o.result().status() == IngestStatus.STORED;
        continue;
      }
      ErrorMapping.Problem p = ErrorMapping.map(o.failure());
      failed++;
      failureStatus = failureStatus == null || failureStatus == p.status() ? p.status() : 400;
      JsonObject entry = new JsonObject();
      entry.addProperty("filename", o.filename());
      entry.addProperty("status", "failed");
      entry.add("problem", p.toJson());
      results.add(entry);
    }
    JsonObject body = new JsonObject();
    body.add("results", results);
    int status = failed == 0 ? (allNew ? 201 : 200)
        : failed < outcomes.size() ? 202 : failureStatus;
    Json.send(exchange, status, body);
  }

  private static Optional<MultipartReader.Part> nextPart(MultipartReader reader)
      throws ServiceException, MalformedBodyException {
    try {
      return reader.next();
    } catch (MalformedBodyException e) {
      throw e;
    } catch (IOException e) {
      throw new ServiceException.BodyIncomplete("the request body could not be read completely: "
          + e.getMessage());
    }
  }

  private InputStream body(HttpServerExchange exchange) {
    // Two guards: StallGuard closes a body that stops arriving, MinimumRateStream refuses one
    // trickled too slowly to ever finish (slow loris).
    InputStream in = new MinimumRateStream(Observability.countBody(exchange,
        stallGuard.guard(exchange, exchange.getInputStream())), MIN_BODY_BYTES_PER_SECOND,
        MIN_RATE_GRACE);
    long declared = exchange.getRequestContentLength();
    return declared < 0 ? in : new DeclaredLengthStream(in, declared);
  }

  /**
   * Fails a body that ends before its Content-Length (RFC 9112 §6.3: an incomplete message).
   * Undertow reports a connection closed mid-body (client gone, server stopping) as a plain end of
   * stream, and a truncated DICOM file can still have a complete header, so without this check
   * half a file could be stored as an instance.
   */
  private static final class DeclaredLengthStream extends java.io.FilterInputStream {
    private final long declared;
    private long seen;

    DeclaredLengthStream(InputStream in, long declared) {
      super(in);
      this.declared = declared;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      check(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      check(n);
      return n;
    }

    private void check(int n) throws IOException {
      if (n > 0) {
        seen += n;
      } else if (n < 0 && seen < declared) {
        throw new java.io.EOFException("the body ended after " + seen + " of the "
            + declared + " bytes its Content-Length announced");
      }
    }
  }

  private static void sendSingle(HttpServerExchange exchange, UploadResult result) {
    String id = result.record().sopInstanceUid();
    if (result.status() == IngestStatus.STORED) {
      exchange.getResponseHeaders().put(Headers.LOCATION, InstanceJson.path(id));
    }
    Json.send(exchange, result.status() == IngestStatus.STORED ? 201 : 200,
        InstanceJson.upload(result));
  }
}
