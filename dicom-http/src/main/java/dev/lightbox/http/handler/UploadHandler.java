package dev.lightbox.http.handler;

import dev.lightbox.http.service.InstanceService;
import dev.lightbox.http.service.ServiceException;
import dev.lightbox.http.service.UploadResult;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Query;
import dev.lightbox.storage.ingest.IngestStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Locale;

/**
 * {@code POST /instances[?replace=true]} with an {@code application/dicom} body (chunked allowed):
 * 201 + Location for a new instance, 200 for an identical re-upload or a requested replacement.
 */
public final class UploadHandler implements HttpHandler {
  private final InstanceService service;

  public UploadHandler(InstanceService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/dicom")) {
      throw new HttpStatusException(415, "unsupported-media-type", "upload a DICOM file as "
          + "application/dicom" + (type == null ? "; no Content-Type was sent" : ", not " + type)
          + " (multipart/form-data is not supported yet)");
    }
    // Refuse a declared oversized body before reading any of it.
    long declared = exchange.getRequestContentLength();
    if (declared > service.maxUploadBytes()) {
      throw new ServiceException.UploadTooLarge(service.maxUploadBytes());
    }
    boolean replace = Query.flag(exchange, "replace");
    UploadResult result = service.ingest(exchange.getInputStream(), replace);
    String id = result.record().sopInstanceUid();
    if (result.status() == IngestStatus.STORED) {
      exchange.getResponseHeaders().put(Headers.LOCATION, InstanceJson.path(id));
    }
    Json.send(exchange, result.status() == IngestStatus.STORED ? 201 : 200,
        InstanceJson.upload(result));
  }
}
