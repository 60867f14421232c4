package dev.lightbox.http.dicomweb;

import dev.lightbox.http.support.Etags;
import dev.lightbox.http.support.Json;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.metadata.MetadataService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * WADO-RS Retrieve Metadata of a study, series or instance (PS3.18 §10.4.1.1.2): a JSON array of
 * the DICOM JSON model of each instance, written from the documents extracted at ingest (no blob
 * is read), with BulkDataURIs under {@code /dicomweb}; gzip when accepted; a strong ETag over the
 * content hashes of the instances (and the host the URIs name), so an unchanged series is a 304.
 */
public final class MetadataHandler implements HttpHandler {
  private final CatalogService catalog;
  private final MetadataService metadata;

  public MetadataHandler(CatalogService catalog, MetadataService metadata) {
    this.catalog = catalog;
    this.metadata = metadata;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    List<StoredInstance> instances = Resources.instances(exchange, catalog);
    DicomWebLinks links = DicomWebLinks.of(exchange);
    String etag = etag(instances, links.study(""));
    exchange.getResponseHeaders().put(Headers.ETAG, etag);
    if (Etags.notModified(exchange, etag)) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    List<JsonWritable> documents = new ArrayList<>(instances.size());
    for (StoredInstance i : instances) {
      documents.add(metadata.instanceMetadata(i, links.bulk(i)));
    }
    Json.send(exchange, 200, Json.DICOM_JSON, out -> {
      out.beginArray();
      for (JsonWritable d : documents) {
        d.writeTo(out);
      }
      out.endArray();
    });
  }

  private static String etag(List<StoredInstance> instances, String base) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(base.getBytes(StandardCharsets.UTF_8));
    for (StoredInstance i : instances) {
      d.update(i.sha256().getBytes(StandardCharsets.US_ASCII));
    }
    return "\"m-" + HexFormat.of().formatHex(d.digest(), 0, 16) + "\"";
  }
}
