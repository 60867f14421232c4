package dev.lightbox.http.dicomweb;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.render.RenderRequest.Viewport;
import dev.lightbox.dicom.render.Window;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Etags;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Query;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Uids;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.render.RenderParams;
import dev.lightbox.service.render.RenderParams.ImageFormat;
import dev.lightbox.service.render.RenderService;
import dev.lightbox.service.render.Rendered;
import dev.lightbox.service.retrieve.RetrieveService;
import io.undertow.server.HttpHandler;
import dev.lightbox.http.support.WholeResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * WADO-URI, {@code GET /wado?requestType=WADO&studyUID=&seriesUID=&objectUID=} (PS3.18 §9):
 * {@code contentType} {@code image/jpeg} (the default, §9.1.2.1.6), {@code image/png} or {@code
 * application/dicom}; for images {@code frameNumber}, {@code windowCenter}/{@code windowWidth}
 * and {@code rows}/{@code columns} (the image fits inside them); for DICOM {@code transferSyntax}
 * (Explicit VR Little Endian by default, §9.1.2.1.8; {@code *} or the stored syntax sends the
 * stored bytes).
 */
public final class WadoUriHandler implements HttpHandler {
  private final CatalogService catalog;
  private final RetrieveService retrieve;
  private final RenderService render;

  public WadoUriHandler(CatalogService catalog, RetrieveService retrieve, RenderService render) {
    this.catalog = catalog;
    this.retrieve = retrieve;
    this.render = render;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String requestType = required(exchange, "requestType");
    if (!requestType.equals("WADO")) {
      throw ServiceException.invalidRequest("requestType must be WADO, got '"
          + Query.abbreviate(requestType) + "'");
    }
    String study = required(exchange, "studyUID");
    String series = required(exchange, "seriesUID");
    String object = required(exchange, "objectUID");
    Uids.requireUid("study", study);
    Uids.requireUid("series", series);
    StoredInstance instance = catalog.find(AuthGate.tenant(exchange), object);
    if (!instance.studyInstanceUid().equals(study)
        || !instance.seriesInstanceUid().equals(series)) {
      throw ServiceException.instanceNotFound(object + " in series " + series + " of study "
          + study);
    }
    String contentType = Query.first(exchange, "contentType").orElse("image/jpeg").strip();
    switch (contentType.split(";")[0].strip()) {
      case "application/dicom" -> dicom(exchange, instance);
      case "image/jpeg", "image/*", "*/*" -> image(exchange, instance, ImageFormat.JPEG);
      case "image/png" -> image(exchange, instance, ImageFormat.PNG);
      default -> throw new HttpStatusException(406, "not-acceptable", "contentType "
          + Query.abbreviate(contentType) + " is not supported; use image/jpeg, image/png or "
          + "application/dicom");
    }
  }

  private void dicom(HttpServerExchange exchange, StoredInstance instance) throws Exception {
    String wanted = Query.first(exchange, "transferSyntax")
        .orElse(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()).strip();
    String syntax = wanted.equals("*") ? instance.transferSyntaxUid() : wanted;
    if (!retrieve.canSendAs(instance, syntax)) {
      throw new HttpStatusException(406, "not-acceptable", "instance "
          + instance.sopInstanceUid() + " is stored as " + instance.transferSyntaxUid()
          + " and cannot be sent as " + Query.abbreviate(wanted));
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/dicom");
    exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\""
        + instance.sopInstanceUid() + ".dcm\"");
    if (syntax.equals(instance.transferSyntaxUid())) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, instance.size());
      exchange.getResponseHeaders().put(Headers.ETAG, "\"" + instance.sha256() + "\"");
    }
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    try (OutputStream out = exchange.getOutputStream()) {
      retrieve.writeAs(instance, syntax, out);
    }
  }

  private void image(HttpServerExchange exchange, StoredInstance instance, ImageFormat format)
      throws Exception {
    int frame = (int) Query.integer(exchange, "frameNumber", 1, 1, Integer.MAX_VALUE);
    Optional<String> center = Query.first(exchange, "windowCenter");
    Optional<String> width = Query.first(exchange, "windowWidth");
    if (center.isPresent() != width.isPresent()) {
      throw ServiceException.invalidRequest("windowCenter and windowWidth go together "
          + "(PS3.18 §9.1.2.1.12)");
    }
    Optional<Window> window;
    try {
      window = center.map(c -> Window.parse(c + "," + width.get()));
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalidRequest(e.getMessage());
    }
    int rows = (int) Query.integer(exchange, "rows", 0, 1, 16384);
    int columns = (int) Query.integer(exchange, "columns", 0, 1, 16384);
    Optional<Viewport> viewport = rows == 0 && columns == 0 ? Optional.empty()
        : Optional.of(new Viewport(columns == 0 ? 16384 : columns, rows == 0 ? 16384 : rows));
    RenderParams params = new RenderParams(frame, window, viewport, 8, format);
    String etag = params.etag(instance.sha256());
    exchange.getResponseHeaders().put(Headers.ETAG, etag);
    if (Etags.notModified(exchange, etag)) {
      exchange.setStatusCode(304);
      WholeResponse.end(exchange);
      return;
    }
    Rendered image = render.render(instance, params);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, image.mediaType());
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, image.bytes().length);
    WholeResponse.send(exchange, ByteBuffer.wrap(image.bytes()));
  }

  private static String required(HttpServerExchange exchange, String name)
      throws ServiceException {
    return Query.first(exchange, name).filter(v -> !v.isBlank()).orElseThrow(() ->
        ServiceException.invalidRequest("WADO-URI needs the " + name + " parameter "
            + "(PS3.18 §9.1.2.1)"));
  }
}
