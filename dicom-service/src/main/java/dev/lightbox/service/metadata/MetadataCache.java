package dev.lightbox.service.metadata;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parsed metadata documents by content SHA-256, least recently used first out, bounded by the
 * total length of their JSON text. Content addressing makes entries immutable: the same SHA-256
 * always means the same bytes and so the same metadata, whichever node stored it, so nothing
 * needs invalidating when an instance is deleted or replaced. Attribute queries then cost an index
 * lookup plus a tree walk instead of re-parsing the JSON on every request.
 */
final class MetadataCache {
  private final long capacityChars;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long usedChars;

  private record Entry(MetadataDocument document, long chars) {}

  MetadataCache(long capacityChars) {
    this.capacityChars = capacityChars;
  }

  MetadataDocument get(String sha256, String json, Supplier<MetadataDocument> parse) {
    synchronized (this) {
      Entry e = entries.get(sha256);
      if (e != null) {
        return e.document();
      }
    }
    MetadataDocument parsed = parse.get();
    long chars = json.length();
    if (chars > capacityChars) {
      return parsed;
    }
    synchronized (this) {
      if (entries.put(sha256, new Entry(parsed, chars)) == null) {
        usedChars += chars;
      }
      Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
      while (usedChars > capacityChars && it.hasNext()) {
        usedChars -= it.next().getValue().chars();
        it.remove();
      }
    }
    return parsed;
  }
}
