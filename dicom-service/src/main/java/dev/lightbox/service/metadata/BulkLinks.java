package dev.lightbox.service.metadata;

/**
 * The {@code BulkDataURI} a transport gives a large value (PS3.18 F.2.6). The stored metadata keeps
 * only where each value lies in the file; the URI belongs to the route that answers (own routes,
 * DICOMweb, a tenant prefix), so the same stored document serves all of them.
 */
@FunctionalInterface
public interface BulkLinks {
  /** @param tagPath the attribute's path in slash form, e.g. {@code 7FE00010} or {@code 00081140/0/00091010} */
  String uri(String tagPath);
}
