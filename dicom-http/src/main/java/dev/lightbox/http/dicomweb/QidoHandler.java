package dev.lightbox.http.dicomweb;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Uids;
import dev.lightbox.service.query.QueryResult;
import dev.lightbox.service.query.QueryService;
import dev.lightbox.service.query.RetrieveLinks;
import dev.lightbox.service.query.SearchRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * QIDO-RS (PS3.18 §10.6): {@code /studies}, {@code /series}, {@code /instances} and their forms
 * scoped to a study or series. Query parameters are matching keys by keyword or tag, plus {@code
 * includefield}, {@code fuzzymatching}, {@code limit} and {@code offset} (§8.3.4); the answer is
 * {@code application/dicom+json}, with a {@code Warning} header (RFC 9111 §5.5, PS3.18 §8.3.4.4)
 * for each ignored parameter and for a truncated result. An empty result is 200 with {@code []}.
 */
public final class QidoHandler implements HttpHandler {
  private static final Set<String> CONTROL = Set.of("includefield", "fuzzymatching", "limit",
      "offset", "accept", "charset");

  private final QueryService service;
  private final SearchRequest.Level level;

  public QidoHandler(QueryService service, SearchRequest.Level level) {
    this.service = service;
    this.level = level;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    if (!acceptsJson(accept)) {
      throw new HttpStatusException(406, "not-acceptable", "QIDO-RS answers in "
          + "application/dicom+json (or application/json); XML is not supported, not "
          + Query.abbreviate(accept));
    }
    List<Map.Entry<String, String>> keys = new ArrayList<>();
    String route = Router.route(exchange);
    if (route.contains("{study}")) {
      String study = Router.param(exchange, "study");
      Uids.requireUid("study", study);
      keys.add(Map.entry("StudyInstanceUID", study));
    }
    if (route.contains("{series}")) {
      String series = Router.param(exchange, "series");
      Uids.requireUid("series", series);
      keys.add(Map.entry("SeriesInstanceUID", series));
    }
    for (Map.Entry<String, Deque<String>> p : exchange.getQueryParameters().entrySet()) {
      if (CONTROL.contains(p.getKey().toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      for (String v : p.getValue()) {
        keys.add(Map.entry(p.getKey(), v));
      }
    }
    boolean fuzzy = Query.flag(exchange, "fuzzymatching");
    int limit = (int) Query.integer(exchange, "limit", 0, 0, Integer.MAX_VALUE);
    long offset = Query.integer(exchange, "offset", 0, 0, Long.MAX_VALUE);
    SearchRequest request = new SearchRequest(level, keys, Query.all(exchange, "includefield"),
        fuzzy, limit, offset);
    DicomWebLinks links = DicomWebLinks.of(exchange);
    QueryResult result = service.search(AuthGate.tenant(exchange), request, new RetrieveLinks() {
      @Override
      public String study(String study) {
        return links.study(study);
      }

      @Override
      public String series(String study, String series) {
        return links.series(study, series);
      }

      @Override
      public String instance(String study, String series, String instance) {
        return links.instance(study, series, instance);
      }
    });
    for (String w : result.warnings()) {
      exchange.getResponseHeaders().add(new HttpString("Warning"), "299 lightbox \""
          + w.replace('"', '\'') + "\"");
    }
    Json.send(exchange, 200, Json.DICOM_JSON, out -> {
      out.beginArray();
      for (JsonWritable m : result.matches()) {
        m.writeTo(out);
      }
      out.endArray();
    });
  }

  private static boolean acceptsJson(String accept) throws ServiceException {
    for (AcceptedTypes.Range r : AcceptedTypes.parse(accept).ranges()) {
      String t = r.mediaType();
      if (t.equals("application/dicom+json") || t.equals("application/json")
          || AcceptedTypes.admits(t, "application/dicom+json")) {
        return true;
      }
    }
    return false;
  }
}
