package dev.lightbox.service.metadata;

import com.google.gson.JsonObject;
import dev.lightbox.dicom.data.InvalidTagPathException;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.Failure;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.service.MemoryBudget;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.catalog.CatalogService;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Attribute queries answered from the metadata extracted at ingest, never from the blob: the
 * whole dataset as DICOM JSON (PS3.18 F.2), a selection of top-level attributes, or one attribute
 * at a tag path. Large values appear as {@code BulkDataURI}s that the caller's {@link BulkLinks}
 * name.
 */
public final class MetadataService {
  /**
   * Heap per character of stored text while an answer is produced: the text itself (up to 2
   * bytes a character), the answer as text (up to 2 per character) and as UTF-8 (1) where the
   * transport buffers it, plus the reader's and writer's buffers and, for one attribute, its tree.
   */
  static final long BYTES_PER_STORED_CHAR = 8;

  private final CatalogService catalog;
  private final MetadataSource source;
  private final MemoryBudget memory;
  /** 8 Mi characters (≤ 16 MiB of heap) of hot documents, none over 256 Ki characters. */
  private final DocumentTextCache texts = new DocumentTextCache(8L << 20, 256L << 10);
  private final HotAttributeSettings hotSettings;
  private final List<HotAttributes> hotRoutes = new CopyOnWriteArrayList<>();

  public MetadataService(CatalogService catalog, MetadataSource source) {
    this(catalog, source, MemoryBudget.forThisJvm());
  }

  /** @param memory the server's one memory budget; each answer holds a share while it streams */
  public MetadataService(CatalogService catalog, MetadataSource source, MemoryBudget memory) {
    this(catalog, source, memory, HotAttributeSettings.DEFAULTS);
  }

  /** @param hot size and freshness of each route's kept single-attribute answers */
  public MetadataService(CatalogService catalog, MetadataSource source, MemoryBudget memory,
      HotAttributeSettings hot) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.source = Objects.requireNonNull(source, "source");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.hotSettings = Objects.requireNonNull(hot, "hot");
  }

  /**
   * Single-attribute answers kept in memory for a route whose BulkDataURIs {@code linksOf} gives
   * per instance id (see {@link HotAttributes}); call once per route at wiring time.
   */
  public HotAttributes hotAttributes(Function<String, BulkLinks> linksOf) {
    HotAttributes hot = new HotAttributes(this, Objects.requireNonNull(linksOf, "linksOf"),
        new HotAttributeCache(hotSettings, System::nanoTime));
    hotRoutes.add(hot);
    return hot;
  }

  /**
   * Drops every kept answer of instance {@code id}: it was deleted, replaced or stored here. The
   * composition root calls this after each such change has committed.
   */
  public void forget(Tenant tenant, String id) {
    for (HotAttributes hot : hotRoutes) {
      hot.forget(tenant.key(id));
    }
  }

  /** A tag path in any accepted form ({@code 00100010}, {@code (0010,0010)}, keyword, sequence paths). */
  public static TagPath parsePath(String text) throws ServiceException {
    try {
      return TagPath.parse(text);
    } catch (InvalidTagPathException e) {
      throw new ServiceException(Failure.INVALID_TAG_PATH, e.getMessage(), e);
    }
  }

  /**
   * The whole dataset of {@code id} as DICOM JSON, Pixel Data (7FE0,0010) included as a
   * BulkDataURI (PS3.18 Annex F: bulk data is given by reference, never left out).
   */
  public JsonWritable attributes(Tenant tenant, String id, BulkLinks links) throws ServiceException {
    StoredInstance instance = catalog.find(tenant, id);
    MetadataDocument doc = document(instance);
    return leased(doc, doc.datasetWith(pixelDataReference(instance, doc), links));
  }

  /** The top-level attributes {@code tags} of {@code id}; absent ones are left out. */
  public JsonWritable attributes(Tenant tenant, String id, List<Integer> tags, BulkLinks links)
      throws ServiceException {
    MetadataDocument doc = document(catalog.find(tenant, id));
    return leased(doc, doc.select(tags, links));
  }

  /** One attribute of {@code id} in the single-attribute form, or ATTRIBUTE_NOT_FOUND. */
  public JsonObject attribute(Tenant tenant, String id, TagPath path, BulkLinks links)
      throws ServiceException {
    MetadataDocument doc = document(catalog.find(tenant, id));
    try (MemoryBudget.Lease lease = memory.acquire(cost(doc), "reading the metadata")) {
      return doc.single(path, links).orElseThrow(() ->
          new ServiceException(Failure.ATTRIBUTE_NOT_FOUND, "attribute "
              + MetadataDocument.describe(path) + " is not present in instance " + id));
    }
  }

  /**
   * The DICOM JSON of {@code instance} as WADO-RS metadata (PS3.18 §10.4.1.1.2, Annex F): the
   * stored dataset plus Available Transfer Syntax UID (0008,3002), the syntax it is stored in
   * (PS3.18 §F.2.6 leaves the File Meta Information out of the model), and for images Pixel Data
   * (7FE0,0010) as a BulkDataURI (Annex F: bulk data is given by reference, never left out).
   */
  public JsonWritable instanceMetadata(StoredInstance instance, BulkLinks links)
      throws ServiceException {
    MetadataDocument doc = document(instance);
    java.util.Map<String, JsonObject> added = new java.util.LinkedHashMap<>();
    JsonObject syntax = new JsonObject();
    syntax.addProperty("vr", "UI");
    com.google.gson.JsonArray value = new com.google.gson.JsonArray();
    value.add(instance.transferSyntaxUid());
    syntax.add("Value", value);
    added.put("00083002", syntax);
    added.putAll(pixelDataReference(instance, doc));
    return leased(doc, doc.datasetWith(added, links));
  }

  /**
   * Pixel Data (7FE0,0010) of an image as a BulkDataURI member (ingest stops before it, so the
   * stored document never holds it); nothing for an instance without frames.
   */
  private static java.util.Map<String, JsonObject> pixelDataReference(StoredInstance instance,
      MetadataDocument doc) {
    java.util.Map<String, JsonObject> added = new java.util.LinkedHashMap<>();
    if (instance.frames() > 0) {
      boolean encapsulated = dev.lightbox.dicom.data.TransferSyntax.of(
          instance.transferSyntaxUid()).encapsulated();
      int bitsAllocated = doc.firstValue(0x00280100).map(v -> {
        try {
          return (int) Double.parseDouble(v);
        } catch (NumberFormatException e) {
          return 16;
        }
      }).orElse(16);
      JsonObject pixels = new JsonObject();
      pixels.addProperty("vr", encapsulated || bitsAllocated <= 8 ? "OB" : "OW");
      pixels.addProperty("BulkDataURI", "");
      added.put("7FE00010", pixels);
    }
    return added;
  }

  /**
   * The stored metadata document of an instance (read lazily, streamed by each answer). Kept per
   * tenant and content: a tenant never gets an answer out of another tenant's reads.
   */
  public MetadataDocument document(StoredInstance instance) throws ServiceException {
    String key = instance.tenant().key(instance.sha256());
    Optional<String> cached = texts.get(key);
    if (cached.isPresent()) {
      return MetadataDocument.parse(cached.get());
    }
    String text = source.document(instance);
    texts.put(key, text);
    return MetadataDocument.parse(text);
  }

  private static long cost(MetadataDocument doc) {
    return doc.length() * BYTES_PER_STORED_CHAR;
  }

  /**
   * {@code answer} with its share of the memory budget, taken now (so a refusal is an ordinary
   * failure before anything is sent) and returned once the answer has been written; the caller
   * writes every answer it asks for exactly once.
   */
  private JsonWritable leased(MetadataDocument doc, JsonWritable answer) throws ServiceException {
    MemoryBudget.Lease lease = memory.acquire(cost(doc), "answering from a metadata document of "
        + doc.length() + " characters");
    return out -> {
      try (lease) {
        answer.writeTo(out);
      }
    };
  }
}
