package dev.lightbox.http.support;

import dev.lightbox.dicom.render.RenderRequest.Viewport;
import dev.lightbox.dicom.render.Window;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.render.RenderParams;
import dev.lightbox.service.render.RenderService;
import dev.lightbox.service.render.Rendered;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What every rendering route shares (own routes and DICOMweb): the {@code window} and {@code
 * viewport} parameters, and the answer — an ETag over the content hash and every parameter, so a
 * conditional request is answered before any decoding, then the encoded image.
 */
public final class RenderedResponses {
  private RenderedResponses() {}

  /** {@code window=center,width[,function]} (PS3.3 C.11.2.1.2), if given. */
  public static Optional<Window> window(HttpServerExchange exchange) throws ServiceException {
    try {
      return Query.first(exchange, "window").map(Window::parse);
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalidRequest(e.getMessage());
    }
  }

  /** {@code viewport=vw,vh} in the digits 0-9 only, if given. */
  public static Optional<Viewport> viewport(HttpServerExchange exchange) throws ServiceException {
    Optional<String> text = Query.first(exchange, "viewport");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String[] p = text.get().split(",", -1);
    try {
      if (p.length != 2) {
        return Optional.of(Viewport.parse(text.get())); // its message names the expected form
      }
      return Optional.of(new Viewport(Digits.parseInt(p[0].strip()),
          Digits.parseInt(p[1].strip())));
    } catch (NumberFormatException e) {
      throw ServiceException.invalidRequest("viewport must be two whole numbers written in the "
          + "digits 0-9, got '" + Query.abbreviate(text.get()) + "'");
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalidRequest(e.getMessage());
    }
  }

  /** Answers with {@code instance} rendered as {@code params} asks, or 304 when unchanged. */
  public static void send(HttpServerExchange exchange, StoredInstance instance,
      RenderParams params, RenderService service) throws ServiceException {
    String etag = params.etag(instance.sha256());
    exchange.getResponseHeaders().put(Headers.ETAG, etag);
    exchange.getResponseHeaders().put(Headers.VARY, "Accept");
    if (Etags.notModified(exchange, etag)) {
      exchange.setStatusCode(304);
      WholeResponse.end(exchange);
      return;
    }
    Rendered image = service.render(instance, params);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, image.mediaType());
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, image.bytes().length);
    WholeResponse.send(exchange, ByteBuffer.wrap(image.bytes()));
  }
}
