package dev.lightbox.http.dicomweb;

import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.metadata.BulkLinks;
import io.undertow.server.HttpServerExchange;

/**
 * The URLs DICOMweb answers carry: RetrieveURL (0008,1190) of studies, series and instances and the
 * BulkDataURIs of metadata (PS3.18 F.2.6). Absolute, on the scheme and host the request used,
 * because clients resolve them as they are.
 */
final class DicomWebLinks {
  static final String ROOT = "/dicomweb";

  private final String base;

  private DicomWebLinks(String base) {
    this.base = base;
  }

  static DicomWebLinks of(HttpServerExchange exchange) {
    return new DicomWebLinks(exchange.getRequestScheme() + "://" + exchange.getHostAndPort()
        + ROOT);
  }

  String study(String study) {
    return base + "/studies/" + study;
  }

  String series(String study, String series) {
    return study(study) + "/series/" + series;
  }

  String instance(String study, String series, String instance) {
    return series(study, series) + "/instances/" + instance;
  }

  String instance(StoredInstance i) {
    return instance(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid());
  }

  /** {@code .../instances/{i}/bulkdata/{tagPath}} for the values of {@code i}. */
  BulkLinks bulk(StoredInstance i) {
    String prefix = instance(i) + "/bulkdata/";
    return tagPath -> prefix + tagPath;
  }
}
