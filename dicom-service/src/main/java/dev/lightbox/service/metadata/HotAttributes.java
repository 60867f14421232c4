package dev.lightbox.service.metadata;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Tenant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Single-attribute answers of one route, per tenant (kept under {@link Tenant#key}, so one tenant's
 * answer never serves another's request), encoded once and then served from memory (issue 13
 * "hot attribute reads"): the first request for an (instance, tag path) pair finds the instance in
 * the index and walks its stored document; the UTF-8 JSON it produces is kept in a size-bounded
 * map, so later requests need no index round trip and no JSON walk, and {@link #cached} can answer
 * them on a transport's event-loop thread.
 *
 * <p>Freshness: this node's deletes and replaces drop the instance's answers at once (the
 * services tell {@link MetadataService#forget}); another node's are seen when the instance's
 * answers expire ({@link HotAttributeSettings#ttl}, 1 s by default), because checking the shared
 * index on every request would be the very round trip this avoids.
 *
 * <p>The answers carry the BulkDataURIs the route's {@link BulkLinks} give, so each route that
 * answers single attributes has its own instance ({@link MetadataService#hotAttributes}).
 */
public final class HotAttributes {
  /** The same JSON form transports write for a tree: nulls kept, no HTML escaping. */
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
      .create();

  /** Key of the whole-dataset answer: no tag path is empty text, so no attribute answer uses it. */
  private static final String WHOLE_DATASET = "";

  private final MetadataService service;
  private final Function<String, BulkLinks> linksOf;
  private final HotAttributeCache cache;

  HotAttributes(MetadataService service, Function<String, BulkLinks> linksOf,
      HotAttributeCache cache) {
    this.service = service;
    this.linksOf = linksOf;
    this.cache = cache;
  }

  /**
   * The encoded answer when it is in memory and fresh, else null. Never does I/O, never parses
   * and never blocks beyond a short lock, so it may run on an event-loop thread. Answers are kept
   * under the tag path <em>as the client wrote it</em> ({@code PatientName}, {@code 00100010}):
   * the answer is a function of that text, and a lookup then needs no parsing (measured: the
   * keyword and tag patterns were a visible share of a hot request). The array is shared: do not
   * modify it.
   */
  public byte[] cached(Tenant tenant, String id, String pathText) {
    return cache.get(tenant.key(id), pathText);
  }

  /**
   * The answer (UTF-8 JSON of the single-attribute form) to {@code pathText} in any form {@link
   * MetadataService#parsePath} accepts, from memory or from the index and then kept. The array is
   * shared: do not modify it.
   *
   * @throws ServiceException INVALID_TAG_PATH, INSTANCE_NOT_FOUND, ATTRIBUTE_NOT_FOUND, or what
   *     the index read fails with; refusals are never kept
   */
  public byte[] answer(Tenant tenant, String id, String pathText) throws ServiceException {
    TagPath path = MetadataService.parsePath(pathText);
    long generation = cache.generation();
    String key = tenant.key(id);
    byte[] hit = cache.get(key, pathText);
    if (hit != null) {
      return hit;
    }
    byte[] answer = GSON.toJson(service.attribute(tenant, id, path, linksOf.apply(id)))
        .getBytes(StandardCharsets.UTF_8);
    cache.put(key, pathText, answer, generation);
    return answer;
  }

  /**
   * The whole dataset of {@code id} as the route's DICOM JSON ({@link
   * MetadataService#attributes(Tenant, String, BulkLinks)}), encoded as UTF-8 with nulls kept: from memory
   * when kept and fresh, else written from the stored document and then kept (when it is no longer
   * than {@link HotAttributeCache#MAX_ANSWER_BYTES}). Kept under the empty path text, which no
   * single-attribute request can name ({@link MetadataService#parsePath} refuses it), with the
   * instance's other answers, so a delete or replace drops it with them. The array is shared: do
   * not modify it.
   *
   * @throws ServiceException INSTANCE_NOT_FOUND, a memory-budget refusal, or what the index read
   *     fails with; refusals are never kept
   * @throws IOException when the stored document cannot be read back
   */
  public byte[] dataset(Tenant tenant, String id) throws ServiceException, IOException {
    long generation = cache.generation();
    String key = tenant.key(id);
    byte[] hit = cache.get(key, WHOLE_DATASET);
    if (hit != null) {
      return hit;
    }
    byte[] answer = service.attributes(tenant, id, linksOf.apply(id)).toUtf8();
    cache.put(key, WHOLE_DATASET, answer, generation);
    return answer;
  }

  /** The kept whole-dataset answer when fresh, else null; never does I/O (see {@link #cached}). */
  public byte[] cachedDataset(Tenant tenant, String id) {
    return cache.get(tenant.key(id), WHOLE_DATASET);
  }

  /** Drops the answers kept under {@code key}, a {@link Tenant#key} of an instance id. */
  void forget(String key) {
    cache.forget(key);
  }

  /** Bytes the kept answers take now (for metrics). */
  public long usedBytes() {
    return cache.usedBytes();
  }
}
