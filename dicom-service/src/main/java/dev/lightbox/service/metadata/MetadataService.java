package dev.lightbox.service.metadata;

import com.google.gson.JsonObject;
import dev.lightbox.dicom.data.InvalidTagPathException;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.Failure;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import java.util.List;
import java.util.Objects;

/**
 * Attribute queries answered from the metadata extracted at ingest, never from the blob: the
 * whole dataset as DICOM JSON (PS3.18 F.2), a selection of top-level attributes, or one attribute
 * at a tag path. Large values appear as {@code BulkDataURI}s that the caller's {@link BulkLinks}
 * name.
 */
public final class MetadataService {
  /**
   * Parsed documents of recently queried instances, bounded by 4 Mi characters of JSON text: a
   * parsed Gson tree takes several times its text in heap, so this keeps the cache to a few tens
   * of MiB under -Xmx512m.
   */
  private final MetadataCache cache = new MetadataCache(4L << 20);
  private final CatalogService catalog;
  private final MetadataSource source;

  public MetadataService(CatalogService catalog, MetadataSource source) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A tag path in any accepted form ({@code 00100010}, {@code (0010,0010)}, keyword, sequence paths). */
  public static TagPath parsePath(String text) throws ServiceException {
    try {
      return TagPath.parse(text);
    } catch (InvalidTagPathException e) {
      throw new ServiceException(Failure.INVALID_TAG_PATH, e.getMessage(), e);
    }
  }

  /** The whole dataset of {@code id} as DICOM JSON. */
  public JsonWritable attributes(String id, BulkLinks links) throws ServiceException {
    return document(catalog.find(id)).dataset(links);
  }

  /** The top-level attributes {@code tags} of {@code id}; absent ones are left out. */
  public JsonWritable attributes(String id, List<Integer> tags, BulkLinks links)
      throws ServiceException {
    return document(catalog.find(id)).select(tags, links);
  }

  /** One attribute of {@code id} in the single-attribute form, or ATTRIBUTE_NOT_FOUND. */
  public JsonObject attribute(String id, TagPath path, BulkLinks links) throws ServiceException {
    return document(catalog.find(id)).single(path, links).orElseThrow(() ->
        new ServiceException(Failure.ATTRIBUTE_NOT_FOUND, "attribute "
            + MetadataDocument.describe(path) + " is not present in instance " + id));
  }

  /** The parsed metadata document of a stored instance (cached by content hash). */
  public MetadataDocument document(StoredInstance instance) throws ServiceException {
    String stored = source.document(instance);
    return cache.get(instance.sha256(), stored, () -> MetadataDocument.parse(stored));
  }
}
