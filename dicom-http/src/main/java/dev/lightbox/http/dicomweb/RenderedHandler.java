package dev.lightbox.http.dicomweb;

import dev.lightbox.dicom.render.RenderRequest.Viewport;
import dev.lightbox.dicom.render.Window;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.RenderedResponses;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.render.RenderParams;
import dev.lightbox.service.render.RenderParams.ImageFormat;
import dev.lightbox.service.render.RenderService;
import dev.lightbox.service.render.Rendered;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Optional;

/**
 * WADO-RS Rendered (PS3.18 §10.4.1.1.5, instance and frame) and Thumbnail (§10.4.1.1.6, study,
 * series, instance and frame) through the render service and its cache. Parameters of §8.3.5.1:
 * {@code window=center,width[,function]}, {@code viewport=vw,vh}, {@code quality} (accepted,
 * answered with a Warning: the JPEG quality is fixed); media types {@code image/jpeg} (the
 * default, PS3.18 §8.7.4) and {@code image/png}. A thumbnail is small by default (fits 128x128).
 */
public final class RenderedHandler implements HttpHandler {
  static final Viewport THUMBNAIL = new Viewport(128, 128);

  private final CatalogService catalog;
  private final RenderService render;
  private final boolean thumbnail;

  public RenderedHandler(CatalogService catalog, RenderService render, boolean thumbnail) {
    this.catalog = catalog;
    this.render = render;
    this.thumbnail = thumbnail;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String route = Router.route(exchange);
    StoredInstance instance;
    int frame = 1;
    if (route.contains("{instance}")) {
      instance = Resources.instance(exchange, catalog);
      if (route.contains("{frames}")) {
        List<Integer> frames = FramesHandler.frameList(Router.param(exchange, "frames"));
        if (frames.size() != 1) {
          throw ServiceException.invalidRequest("a rendered or thumbnail request names one "
              + "frame; multi-frame rendering (video or multipart) is not supported");
        }
        frame = frames.get(0);
      }
    } else {
      String study = Router.param(exchange, "study");
      Optional<String> series = route.contains("{series}")
          ? Optional.of(Router.param(exchange, "series")) : Optional.empty();
      instance = catalog.representative(AuthGate.tenant(exchange), study, series);
    }
    RenderParams params = params(exchange, frame);
    RenderedResponses.send(exchange, instance, params, render);
  }

  private RenderParams params(HttpServerExchange exchange, int frame) throws ServiceException {
    Optional<Window> window = RenderedResponses.window(exchange);
    Optional<Viewport> viewport = RenderedResponses.viewport(exchange);
    if (Query.first(exchange, "quality").isPresent()) {
      Query.integer(exchange, "quality", 90, 1, 100);
      exchange.getResponseHeaders().add(new HttpString("Warning"),
          "299 lightbox \"quality is not supported and was ignored (PS3.18 §8.3.5.1.5)\"");
    }
    if (thumbnail && viewport.isEmpty()) {
      viewport = Optional.of(THUMBNAIL);
    }
    String accept = Query.first(exchange, "accept")
        .orElse(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    ImageFormat format = format(accept);
    return new RenderParams(frame, window, viewport, 8, format);
  }

  /** JPEG unless PNG is preferred (PS3.18 §8.7.4: image/jpeg is the default rendered type). */
  static ImageFormat format(String accept) {
    for (AcceptedTypes.Range r : AcceptedTypes.parse(accept).ranges()) {
      String type = r.multipart() ? r.contentType() : r.mediaType();
      switch (type) {
        case "image/jpeg", "image/jpg", "image/*", "*/*" -> {
          return ImageFormat.JPEG;
        }
        case "image/png" -> {
          return ImageFormat.PNG;
        }
        default -> { }
      }
    }
    throw new HttpStatusException(406, "not-acceptable", "cannot produce "
        + Query.abbreviate(String.valueOf(accept)) + "; rendered images are image/jpeg or "
        + "image/png");
  }
}
