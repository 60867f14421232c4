package dev.lightbox.http.dimse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Json;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.Router;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;

/**
 * {@code POST /instances/{id}/send?to=AET} and {@code POST /dicomweb/studies/{study}/send?to=AET}:
 * C-STORE to a configured peer, answered 200 with each instance's DIMSE status; an unknown AE is
 * 400 (invalid-request), an unreachable or refusing peer 502 (peer-unreachable). The response
 * shape: {@code {"to","completed","failed","results":[{"sopInstanceUID","status","comment"}]}},
 * status as four hex digits (PS3.7 Annex C).
 */
public final class SendHandler implements HttpHandler {
  private final PeerSender sender;
  private final boolean study;

  public SendHandler(PeerSender sender, boolean study) {
    this.sender = sender;
    this.study = study;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String to = Query.first(exchange, "to").orElse("");
    List<PeerSender.Result> results;
    try {
      results = study ? sender.sendStudy(AuthGate.tenant(exchange), to, Router.param(exchange, "study"))
          : sender.sendInstance(AuthGate.tenant(exchange), to, Router.param(exchange, "id"));
    } catch (PeerSender.PeerUnreachableException e) {
      throw new HttpStatusException(502, "peer-unreachable", e.getMessage());
    }
    JsonArray items = new JsonArray();
    int failed = 0;
    for (PeerSender.Result r : results) {
      JsonObject o = new JsonObject();
      o.addProperty("sopInstanceUID", r.sopInstanceUid());
      o.addProperty("status", String.format("%04X", r.status().code()));
      if (!r.status().errorComment().isEmpty()) {
        o.addProperty("comment", r.status().errorComment());
      }
      failed += r.status().isSuccess() || r.status().isWarning() ? 0 : 1;
      items.add(o);
    }
    JsonObject body = new JsonObject();
    body.addProperty("to", to);
    body.addProperty("completed", results.size() - failed);
    body.addProperty("failed", failed);
    body.add("results", items);
    Json.send(exchange, 200, body);
  }
}
