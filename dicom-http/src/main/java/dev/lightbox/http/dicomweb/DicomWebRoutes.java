package dev.lightbox.http.dicomweb;

import dev.lightbox.http.support.Router;
import dev.lightbox.http.support.StallGuard;
import dev.lightbox.service.Services;
import dev.lightbox.service.query.SearchRequest;
import io.undertow.server.HttpHandler;

/**
 * The DICOMweb part of the route table (PS3.18 §10): STOW-RS, QIDO-RS and WADO-RS under
 * {@code /dicomweb}, each handler behind {@link DicomWebErrors}. Called from {@code Routes}, the
 * one wiring place, so the table stays one table.
 */
public final class DicomWebRoutes {
  private static final String STUDY = "/dicomweb/studies/{study}";
  private static final String SERIES = STUDY + "/series/{series}";
  private static final String INSTANCE = SERIES + "/instances/{instance}";

  private DicomWebRoutes() {}

  public static Router add(Router router, Services services, StallGuard stallGuard) {
    var catalog = services.catalog();
    HttpHandler retrieve = wrap(new RetrieveHandler(catalog, services.retrieve()));
    HttpHandler metadata = wrap(new MetadataHandler(catalog, services.metadata()));
    HttpHandler rendered = wrap(new RenderedHandler(catalog, services.render(), false));
    HttpHandler thumbnail = wrap(new RenderedHandler(catalog, services.render(), true));
    var query = services.query();
    return router
        .get("/dicomweb/studies", wrap(new QidoHandler(query, SearchRequest.Level.STUDY)))
        .get("/dicomweb/series", wrap(new QidoHandler(query, SearchRequest.Level.SERIES)))
        .get("/dicomweb/instances", wrap(new QidoHandler(query, SearchRequest.Level.INSTANCE)))
        .get(STUDY + "/series", wrap(new QidoHandler(query, SearchRequest.Level.SERIES)))
        .get(STUDY + "/instances", wrap(new QidoHandler(query, SearchRequest.Level.INSTANCE)))
        .get(SERIES + "/instances", wrap(new QidoHandler(query, SearchRequest.Level.INSTANCE)))
        .post("/dicomweb/studies", wrap(new StowHandler(services.ingest(), stallGuard, false)))
        .post(STUDY, wrap(new StowHandler(services.ingest(), stallGuard, true)))
        .get(STUDY, retrieve).get(SERIES, retrieve).get(INSTANCE, retrieve)
        .get(STUDY + "/metadata", metadata).get(SERIES + "/metadata", metadata)
        .get(INSTANCE + "/metadata", metadata)
        .get(INSTANCE + "/frames/{frames}", wrap(new FramesHandler(catalog, services.frames())))
        .get(INSTANCE + "/bulkdata/{tagPath*}", wrap(new BulkDataHandler(catalog,
            services.retrieve(), services.frames())))
        .get(INSTANCE + "/rendered", rendered).get(INSTANCE + "/frames/{frames}/rendered", rendered)
        .get(STUDY + "/thumbnail", thumbnail).get(SERIES + "/thumbnail", thumbnail)
        .get(INSTANCE + "/thumbnail", thumbnail)
        .get(INSTANCE + "/frames/{frames}/thumbnail", thumbnail)
        .get("/wado", wrap(new WadoUriHandler(catalog, services.retrieve(), services.render())));
  }

  private static HttpHandler wrap(HttpHandler handler) {
    return DicomWebErrors.wrap(handler);
  }
}
