package dev.lightbox.http;

import dev.lightbox.http.handler.AttributeHandler;
import dev.lightbox.http.handler.AttributesHandler;
import dev.lightbox.http.handler.DeleteHandler;
import dev.lightbox.http.handler.FileHandler;
import dev.lightbox.http.handler.HealthHandler;
import dev.lightbox.http.handler.InstanceHandler;
import dev.lightbox.http.handler.ListHandler;
import dev.lightbox.http.handler.RenderHandler;
import dev.lightbox.http.handler.StaticHandler;
import dev.lightbox.http.handler.UploadHandler;
import dev.lightbox.http.service.InstanceService;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.RequestIds;
import dev.lightbox.http.support.Router;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;

/** The single wiring place: every route and the wrappers every request passes through. */
public final class Routes {
  private Routes() {}

  /**
   * Request id first (so even errors carry it), then a worker thread with blocking streams
   * (bodies are streamed, never buffered whole), then the error map around the router.
   */
  public static HttpHandler build(InstanceService service) {
    Router router = new Router()
        .get("/", new StaticHandler()).get("/static/{file*}", new StaticHandler())
        .post("/instances", new UploadHandler(service))
        .get("/instances", new ListHandler(service))
        .get("/instances/{id}", new InstanceHandler(service))
        .delete("/instances/{id}", new DeleteHandler(service))
        .get("/instances/{id}/file", new FileHandler(service))
        .get("/instances/{id}/attributes", new AttributesHandler(service))
        .get("/instances/{id}/attributes/{tagPath*}", new AttributeHandler(service))
        .get("/instances/{id}/rendered", new RenderHandler(service, false))
        .get("/instances/{id}/frames/{n}/rendered", new RenderHandler(service, true))
        .get("/health", new HealthHandler(service));
    return new RequestIds(new BlockingHandler(ErrorMapping.wrap(router)));
  }
}
