package dev.lightbox.http;

import dev.lightbox.http.dicomweb.DicomWebRoutes;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.dimse.PeerSender;
import dev.lightbox.http.dimse.SendHandler;
import dev.lightbox.http.handler.ArchiveHandler;
import dev.lightbox.http.handler.AttributeHandler;
import dev.lightbox.http.handler.AttributesHandler;
import dev.lightbox.http.handler.BulkHandler;
import dev.lightbox.http.handler.DeleteHandler;
import dev.lightbox.http.handler.FileHandler;
import dev.lightbox.http.handler.HealthHandler;
import dev.lightbox.http.handler.HotAttributeHandler;
import dev.lightbox.http.handler.InstanceHandler;
import dev.lightbox.http.handler.ListHandler;
import dev.lightbox.http.handler.LivenessHandler;
import dev.lightbox.http.handler.MetricsHandler;
import dev.lightbox.http.handler.OpenApiHandler;
import dev.lightbox.http.handler.ReadinessHandler;
import dev.lightbox.http.handler.RenderHandler;
import dev.lightbox.http.handler.StaticHandler;
import dev.lightbox.http.handler.UploadHandler;
import dev.lightbox.http.support.Cors;
import dev.lightbox.http.support.Drain;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.HostCheck;
import dev.lightbox.http.support.NoSniff;
import dev.lightbox.http.support.OriginCheck;
import dev.lightbox.http.support.UploadGate;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.http.support.Observability;
import dev.lightbox.http.support.RequestFraming;
import dev.lightbox.http.support.RequestIds;
import dev.lightbox.http.support.StallGuard;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.Services;
import dev.lightbox.service.metadata.HotAttributes;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.time.Duration;
import java.util.Set;

/** The single wiring place: every route and the wrappers every request passes through. */
public final class Routes {
  private Routes() {}

  /**
   * The root handler and the drain the server starts at shutdown (it counts the requests in
   * flight, turns readiness false and closes every connection after its current request).
   */
  public record Wiring(HttpHandler root, Drain drain) {}

  /** The route table (also read by the test that compares it with the OpenAPI document). */
  public static Router router(Services services, Metrics metrics) {
    return router(services, metrics, Duration.ofSeconds(30));
  }

  /** @param bodyStall an upload body that stops arriving for this long is cut off (408) */
  public static Router router(Services services, Metrics metrics, Duration bodyStall) {
    return router(services, metrics, bodyStall, DicomConfig.off());
  }

  /** As above, with the send routes knowing the DICOM peers of {@code dicom}. */
  public static Router router(Services services, Metrics metrics, Duration bodyStall,
      DicomConfig dicom) {
    return router(services, metrics, bodyStall, AttributeHandler.keptAnswers(services.metadata()),
        dicom, new Drain());
  }

  private static Router router(Services services, Metrics metrics, Duration bodyStall,
      HotAttributes attributes, DicomConfig dicom, Drain drain) {
    var catalog = services.catalog();
    Router router = new Router()
        .get("/", new StaticHandler()).get("/static/{file*}", new StaticHandler())
        .post("/instances", new UploadHandler(services.ingest(), new StallGuard(bodyStall)))
        .get("/instances", new ListHandler(catalog))
        .get("/instances/{id}", new InstanceHandler(catalog))
        .delete("/instances/{id}", new DeleteHandler(catalog))
        .get("/instances/{id}/file", new FileHandler(services.retrieve()))
        .get("/instances/{id}/attributes", new AttributesHandler(services.metadata(), attributes))
        .get("/instances/{id}/attributes/{tagPath*}", new AttributeHandler(attributes))
        .get("/instances/{id}/bulk/{tagPath*}", new BulkHandler(services.retrieve()))
        .get("/instances/{id}/rendered", new RenderHandler(catalog, services.render(), false))
        .get("/instances/{id}/frames/{n}/rendered",
            new RenderHandler(catalog, services.render(), true))
        .get("/studies/{study}/archive", new ArchiveHandler(services.retrieve(), false))
        .get("/studies/{study}/series/{series}/archive",
            new ArchiveHandler(services.retrieve(), true))
        .get("/health", new HealthHandler(services))
        .get("/health/live", new LivenessHandler())
        .get("/health/ready", new ReadinessHandler(services.readiness(), drain))
        .get("/metrics", new MetricsHandler(metrics))
        .get("/openapi.yaml", new OpenApiHandler());
    PeerSender sender = new PeerSender(services, dicom);
    router.post("/instances/{id}/send", new SendHandler(sender, false))
        .post("/dicomweb/studies/{study}/send", new SendHandler(sender, true));
    return DicomWebRoutes.add(router, services, new StallGuard(bodyStall));
  }

  /**
   * Request id first (so even errors and refusals carry it) and {@code nosniff} on every answer,
   * then timing and the access log (so every outcome is counted), the drain (counts requests in
   * flight; once shutdown starts, every answer closes its connection and readiness is 503), the
   * Host check (421: no DNS rebinding), CORS when origins are configured, the Origin check for state-changing requests (403: no cross-origin writes), the
   * upload gate (503 + Retry-After past the concurrent-upload bound, answered on the I/O thread),
   * single-attribute answers already in memory (sent on the I/O thread, issue 13), a worker thread with blocking streams (bodies are streamed, never buffered whole), then the
   * error map around the request-framing check (smuggling) and the router. Everything before the
   * worker dispatch runs on the I/O thread, so refusals never wait for a worker, and every route
   * added to the router (own routes, DICOMweb, …) is behind all of them.
   */
  public static Wiring build(Services services, Metrics metrics, ServerConfig config) {
    return build(services, metrics, config, DicomConfig.off());
  }

  /** As above, with the DICOM peers the send routes may send to. */
  public static Wiring build(Services services, Metrics metrics, ServerConfig config,
      DicomConfig dicom) {
    HotAttributes attributes = AttributeHandler.keptAnswers(services.metadata());
    Drain drain = new Drain();
    Router router = router(services, metrics, config.bodyReadTimeout(), attributes, dicom, drain);
    HttpHandler handler = new BlockingHandler(ErrorMapping.wrap(new RequestFraming(router)));
    handler = new HotAttributeHandler(attributes, handler);
    handler = new UploadGate(handler, config.maxConcurrentUploads());
    handler = new OriginCheck(handler, config.corsOrigins());
    if (!config.corsOrigins().isEmpty()) {
      handler = new Cors(handler, config.corsOrigins());
    }
    handler = new HostCheck(handler, config.allowedHosts());
    // While draining, the probes go straight to the router (they answer without blocking).
    HttpHandler gated = drain.gate(handler, router);
    return new Wiring(new RequestIds(new NoSniff(new Observability(gated, metrics))), drain);
  }

  /** The wiring with {@link ServerConfig#defaults()}' guards and the given CORS origins. */
  public static Wiring build(Services services, Metrics metrics, Set<String> corsOrigins) {
    return build(services, metrics, ServerConfig.defaults().withCorsOrigins(corsOrigins));
  }
}
