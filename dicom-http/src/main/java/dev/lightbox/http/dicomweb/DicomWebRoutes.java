package dev.lightbox.http.dicomweb;

import static dev.lightbox.http.support.Access.READ;
import static dev.lightbox.http.support.Access.WRITE;

import dev.lightbox.http.support.Router;
import dev.lightbox.http.support.StallGuard;
import dev.lightbox.service.Services;
import dev.lightbox.service.query.SearchRequest;
import io.undertow.server.HttpHandler;

/**
 * The DICOMweb part of the route table (PS3.18 §10): STOW-RS, QIDO-RS and WADO-RS under
 * {@code /dicomweb}, each handler behind {@link DicomWebErrors}; searches and retrieves need the
 * read scope, stores the write scope (docs/security.md). Called from {@code Routes}, the
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
        .get("/dicomweb/studies", READ, wrap(new QidoHandler(query, SearchRequest.Level.STUDY)))
        .get("/dicomweb/series", READ, wrap(new QidoHandler(query, SearchRequest.Level.SERIES)))
        .get("/dicomweb/instances", READ,
            wrap(new QidoHandler(query, SearchRequest.Level.INSTANCE)))
        .get(STUDY + "/series", READ, wrap(new QidoHandler(query, SearchRequest.Level.SERIES)))
        .get(STUDY + "/instances", READ,
            wrap(new QidoHandler(query, SearchRequest.Level.INSTANCE)))
        .get(SERIES + "/instances", READ,
            wrap(new QidoHandler(query, SearchRequest.Level.INSTANCE)))
        .post("/dicomweb/studies", WRITE,
            wrap(new StowHandler(services.ingest(), stallGuard, false)))
        .post(STUDY, WRITE, wrap(new StowHandler(services.ingest(), stallGuard, true)))
        .get(STUDY, READ, retrieve).get(SERIES, READ, retrieve).get(INSTANCE, READ, retrieve)
        .get(STUDY + "/metadata", READ, metadata).get(SERIES + "/metadata", READ, metadata)
        .get(INSTANCE + "/metadata", READ, metadata)
        .get(INSTANCE + "/frames/{frames}", READ,
            wrap(new FramesHandler(catalog, services.frames())))
        .get(INSTANCE + "/bulkdata/{tagPath*}", READ, wrap(new BulkDataHandler(catalog,
            services.retrieve(), services.frames())))
        .get(INSTANCE + "/rendered", READ, rendered)
        .get(INSTANCE + "/frames/{frames}/rendered", READ, rendered)
        .get(STUDY + "/thumbnail", READ, thumbnail).get(SERIES + "/thumbnail", READ, thumbnail)
        .get(INSTANCE + "/thumbnail", READ, thumbnail)
        .get(INSTANCE + "/frames/{frames}/thumbnail", READ, thumbnail)
        .get("/wado", READ,
            wrap(new WadoUriHandler(catalog, services.retrieve(), services.render())));
  }

  private static HttpHandler wrap(HttpHandler handler) {
    return DicomWebErrors.wrap(handler);
  }
}
