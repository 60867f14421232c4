package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Query;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.catalog.InstanceListing;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /instances?PatientID=&StudyInstanceUID=&SeriesInstanceUID=&Modality=&StudyDate=&limit=
 * &offset=}. StudyDate takes a date or a range in the DICOM form {@code YYYYMMDD-YYYYMMDD}, either
 * end open (PS3.4 C.2.2.2.5).
 */
public final class ListHandler implements HttpHandler {
  private static final Set<String> PARAMETERS;

  static {
    Set<String> names = new TreeSet<>(CatalogService.LIST_FILTERS);
    names.add("limit");
    names.add("offset");
    PARAMETERS = Set.copyOf(names);
  }

  private final CatalogService service;

  public ListHandler(CatalogService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    for (String name : exchange.getQueryParameters().keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw ServiceException.invalidRequest("unknown query parameter '"
            + Query.abbreviate(name) + "'; accepted: " + String.join(", ", PARAMETERS.stream()
            .sorted().toList()));
      }
    }
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : CatalogService.LIST_FILTERS) {
      Optional<String> value = Query.first(exchange, name);
      value.ifPresent(v -> filters.put(name, v));
    }
    int limit = (int) Query.integer(exchange, "limit", CatalogService.DEFAULT_LIMIT, 1,
        CatalogService.MAX_LIMIT);
    long offset = Query.integer(exchange, "offset", 0, 0, Long.MAX_VALUE);
    InstanceListing page = service.list(AuthGate.tenant(exchange), filters, limit, offset);
    JsonArray items = new JsonArray();
    for (StoredInstance r : page.items()) {
      items.add(InstanceJson.listItem(r));
    }
    JsonObject body = new JsonObject();
    body.add("items", items);
    body.addProperty("total", page.total());
    body.addProperty("limit", page.limit());
    body.addProperty("offset", page.offset());
    Json.send(exchange, 200, body);
  }
}
