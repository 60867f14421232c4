package dev.lightbox.http.handler;

import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Etags;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.service.retrieve.BulkValue;
import dev.lightbox.service.retrieve.RetrieveService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code GET|HEAD /instances/{id}/bulk/{tagPath}}: the bytes of a value the attributes document
 * gives as a {@code BulkDataURI} (PS3.18 F.2.6), as {@code application/octet-stream}, streamed
 * from the stored file at the offset recorded at ingest.
 */
public final class BulkHandler implements HttpHandler {
  private final RetrieveService service;

  public BulkHandler(RetrieveService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String id = Router.param(exchange, "id");
    TagPath path = MetadataService.parsePath(Router.param(exchange, "tagPath"));
    BulkValue value = service.bulk(AuthGate.tenant(exchange), id, path);
    // The stored file never changes under a hash, so its hash and the path identify the bytes.
    String etag = "\"" + value.sha256() + "-" + path + "\"";
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.ETAG, etag);
    if (Etags.notModified(exchange, etag)) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    headers.put(Headers.CONTENT_TYPE, "application/octet-stream");
    // Raw stored bytes are never shown inline by a browser (with nosniff, never as HTML).
    headers.put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"bulk.bin\"");
    headers.put(Headers.CONTENT_LENGTH, value.length());
    if (exchange.getRequestMethod().equals(Methods.HEAD) || value.length() == 0) {
      exchange.endExchange();
      return;
    }
    try (InputStream in = value.opener().open(0, value.length());
        OutputStream out = exchange.getOutputStream()) {
      in.transferTo(out);
    }
  }
}
