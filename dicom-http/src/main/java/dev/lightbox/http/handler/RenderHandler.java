package dev.lightbox.http.handler;

import dev.lightbox.dicom.render.RenderRequest.Viewport;
import dev.lightbox.dicom.render.Window;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Digits;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.MediaTypes;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.RenderedResponses;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.render.RenderParams;
import dev.lightbox.service.render.RenderParams.ImageFormat;
import dev.lightbox.service.render.RenderService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * {@code GET /instances/{id}/rendered} (frame from {@code ?frame=}, default 1) and
 * {@code GET /instances/{id}/frames/{n}/rendered}: a PNG (or JPEG on request) with {@code window},
 * {@code viewport} and {@code bits}. The ETag covers the content hash and every parameter, so a
 * conditional request is answered before any decoding.
 */
public final class RenderHandler implements HttpHandler {
  private final CatalogService catalog;
  private final RenderService service;
  private final boolean frameInPath;

  /** @param frameInPath the route carries the frame number as {@code {n}} */
  public RenderHandler(CatalogService catalog, RenderService service, boolean frameInPath) {
    this.catalog = catalog;
    this.service = service;
    this.frameInPath = frameInPath;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    StoredInstance instance = catalog.find(AuthGate.tenant(exchange), Router.param(exchange, "id"));
    RenderParams params = params(exchange);
    RenderedResponses.send(exchange, instance, params, service);
  }

  private RenderParams params(HttpServerExchange exchange) throws ServiceException {
    int frame;
    if (frameInPath) {
      String n = Router.param(exchange, "n");
      try {
        frame = Digits.parseInt(n);
      } catch (NumberFormatException e) {
        throw ServiceException.invalidRequest("frame number must be written in the digits 0-9, "
            + "got '"
            + Query.abbreviate(n) + "'");
      }
    } else {
      frame = (int) Query.integer(exchange, "frame", 1, 0, Integer.MAX_VALUE);
    }
    if (frame < 1) {
      throw ServiceException.invalidRequest("frame numbers start at 1, got " + frame);
    }
    int bits = (int) Query.integer(exchange, "bits", 8, 8, 16);
    if (bits != 8 && bits != 16) {
      throw ServiceException.invalidRequest("bits must be 8 or 16, got " + bits);
    }
    Optional<Window> window = RenderedResponses.window(exchange);
    Optional<Viewport> viewport = RenderedResponses.viewport(exchange);
    String accept = Query.first(exchange, "accept")
        .orElse(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    ImageFormat format = MediaTypes.choose(accept).orElseThrow(() -> new HttpStatusException(406,
        "not-acceptable", "cannot produce " + Query.abbreviate(accept) + "; supported: "
        + MediaTypes.SUPPORTED));
    return new RenderParams(frame, window, viewport, bits, format);
  }

  /** {@code width,height} in the digits 0-9 (no sign, no other digits), then the core's checks. */
}
