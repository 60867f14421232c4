package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.http.service.InstanceService;
import dev.lightbox.http.service.ServiceException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Query;
import dev.lightbox.storage.index.InstancePage;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /instances?PatientID=&StudyInstanceUID=&SeriesInstanceUID=&Modality=&StudyDate=&limit=
 * &offset=}. StudyDate takes a date or a range in the DICOM form {@code YYYYMMDD-YYYYMMDD}, either
 * end open (PS3.4 C.2.2.2.5).
 */
public final class ListHandler implements HttpHandler {
  private static final Set<String> PARAMETERS = Set.of("PatientID", "StudyInstanceUID",
      "SeriesInstanceUID", "Modality", "StudyDate", "limit", "offset");

  private final InstanceService service;

  public ListHandler(InstanceService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    for (String name : exchange.getQueryParameters().keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new ServiceException.InvalidRequest("unknown query parameter '"
            + Query.abbreviate(name) + "'; accepted: " + String.join(", ", PARAMETERS.stream()
            .sorted().toList()));
      }
    }
    InstanceQuery q = InstanceQuery.all();
    q = apply(q, Query.first(exchange, "PatientID"), InstanceQuery::patientId);
    q = apply(q, Query.first(exchange, "StudyInstanceUID"), InstanceQuery::studyInstanceUid);
    q = apply(q, Query.first(exchange, "SeriesInstanceUID"), InstanceQuery::seriesInstanceUid);
    q = apply(q, Query.first(exchange, "Modality"), InstanceQuery::modality);
    Optional<String> date = Query.first(exchange, "StudyDate");
    if (date.isPresent()) {
      q = studyDate(q, date.get().strip());
    }
    int limit = (int) Query.integer(exchange, "limit", InstanceQuery.DEFAULT_LIMIT, 1,
        InstanceQuery.MAX_LIMIT);
    long offset = Query.integer(exchange, "offset", 0, 0, Long.MAX_VALUE);
    InstancePage page = service.list(q.page(limit, offset));
    JsonArray items = new JsonArray();
    for (InstanceRecord r : page.items()) {
      items.add(InstanceJson.listItem(r));
    }
    JsonObject body = new JsonObject();
    body.add("items", items);
    body.addProperty("total", page.total());
    body.addProperty("limit", page.limit());
    body.addProperty("offset", page.offset());
    Json.send(exchange, 200, body);
  }

  private static InstanceQuery apply(InstanceQuery q, Optional<String> value,
      java.util.function.BiFunction<InstanceQuery, String, InstanceQuery> setter) {
    return value.isPresent() ? setter.apply(q, value.get()) : q;
  }

  private static InstanceQuery studyDate(InstanceQuery q, String text)
      throws ServiceException.InvalidRequest {
    int dash = text.indexOf('-');
    if (dash < 0) {
      LocalDate d = date(text);
      return q.studyDate(Optional.of(d), Optional.of(d));
    }
    String from = text.substring(0, dash);
    String to = text.substring(dash + 1);
    if (from.isEmpty() && to.isEmpty()) {
      throw new ServiceException.InvalidRequest("StudyDate range needs at least one end");
    }
    return q.studyDate(from.isEmpty() ? Optional.empty() : Optional.of(date(from)),
        to.isEmpty() ? Optional.empty() : Optional.of(date(to)));
  }

  private static LocalDate date(String s) throws ServiceException.InvalidRequest {
    try {
      return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE);
    } catch (DateTimeParseException e) {
      throw new ServiceException.InvalidRequest("StudyDate must be YYYYMMDD or a range "
          + "YYYYMMDD-YYYYMMDD, got '" + Query.abbreviate(s) + "'");
    }
  }
}
