package dev.lightbox.http.handler;

import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.metadata.HotAttributes;
import dev.lightbox.service.metadata.MetadataService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /instances/{id}/attributes[?tag=…]}: the dataset as DICOM JSON (PS3.18 F.2), or only
 * the top-level attributes named by the repeatable {@code tag} parameter. Whole-dataset answers
 * are kept encoded with the instance's single-attribute answers ({@link HotAttributes#dataset}),
 * so a repeated read needs no index round trip and no JSON walk, and {@link HotAttributeHandler}
 * can send it from the I/O thread.
 */
public final class AttributesHandler implements HttpHandler {
  /** This route's template, as the router labels its requests. */
  public static final String ROUTE = "/instances/{id}/attributes";

  private final MetadataService service;
  private final HotAttributes kept;

  /** @param kept the own route's kept answers, which also keep whole-dataset answers */
  public AttributesHandler(MetadataService service, HotAttributes kept) {
    this.service = service;
    this.kept = kept;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String id = Router.param(exchange, "id");
    List<String> selected = Query.all(exchange, "tag");
    if (selected.isEmpty()) {
      Json.sendEncoded(exchange, 200, Json.DICOM_JSON, kept.dataset(AuthGate.tenant(exchange), id));
      return;
    }
    List<Integer> tags = new ArrayList<>();
    for (String s : selected) {
      for (String one : s.split(";")) { // tolerate tag=a;b as well as tag=a&tag=b
        TagPath path = MetadataService.parsePath(one);
        if (path.depth() != 1) {
          throw ServiceException.invalidRequest("tag= selects top-level attributes; use "
              + "/instances/" + id + "/attributes/" + path + " for a path into a sequence");
        }
        tags.add(path.lastTag());
      }
    }
    Json.send(exchange, 200, Json.DICOM_JSON,
        service.attributes(AuthGate.tenant(exchange), id, tags, BulkLinksHttp.instance(id)));
  }
}
