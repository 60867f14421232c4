package dev.lightbox.http.handler;

import dev.lightbox.service.metadata.BulkLinks;

/** The own routes' BulkDataURIs: {@code /instances/{id}/bulk/{tagPath}} (PS3.18 F.2.6). */
final class BulkLinksHttp {
  private BulkLinksHttp() {}

  static BulkLinks instance(String id) {
    String base = InstanceJson.path(id) + "/bulk/";
    return tagPath -> base + tagPath;
  }
}
