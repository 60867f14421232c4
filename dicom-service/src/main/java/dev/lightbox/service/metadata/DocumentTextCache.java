package dev.lightbox.service.metadata;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stored metadata documents of recently asked instances, as text, by content SHA-256, least
 * recently used first out and bounded by their total length. It saves the index read of the
 * document on hot attribute queries; answers are still streamed from the text, never from a
 * cached tree (a tree of a large document was what ran the heap out, issue 19). Content
 * addressing makes entries immutable: the same SHA-256 always means the same document.
 */
final class DocumentTextCache {
  private final long capacityChars;
  private final long maxEntryChars;
  private final LinkedHashMap<String, String> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long usedChars;

  /** @param maxEntryChars longer documents are not kept (they would evict everything else) */
  DocumentTextCache(long capacityChars, long maxEntryChars) {
    this.capacityChars = capacityChars;
    this.maxEntryChars = maxEntryChars;
  }

  synchronized Optional<String> get(String sha256) {
    return Optional.ofNullable(entries.get(sha256));
  }

  synchronized void put(String sha256, String text) {
    if (text.length() > maxEntryChars || entries.containsKey(sha256)) {
      return;
    }
    entries.put(sha256, text);
    usedChars += text.length();
    Iterator<Map.Entry<String, String>> it = entries.entrySet().iterator();
    while (usedChars > capacityChars && it.hasNext()) {
      usedChars -= it.next().getValue().length();
      it.remove();
    }
  }
}
