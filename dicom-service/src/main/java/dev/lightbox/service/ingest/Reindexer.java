package dev.lightbox.service.ingest;

import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.service.ServiceException;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstanceKey;
import dev.lightbox.storage.index.InstanceRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * Brings index rows written under an older declaration of indexed attributes up to date: for each
 * stale instance the stored file's header is parsed again and the same extraction as at ingest
 * ({@link IndexFields}) gives its values. One code path decides what is indexed, whether a value
 * arrives today or was stored years ago. Runs once after a schema migration added attributes.
 */
public final class Reindexer {
  private static final System.Logger LOG = System.getLogger(Reindexer.class.getName());
  private static final int BATCH = 200;

  private Reindexer() {}

  /** Opens the stored file of an index row for random access. */
  @FunctionalInterface
  public interface SourceOpener {
    ByteSource open(InstanceRecord row) throws IOException;
  }

  /** Re-indexes every stale instance; returns how many rows were updated. */
  public static int run(InstanceIndex index, SourceOpener open) throws StorageException {
    int done = 0;
    for (List<InstanceKey> stale; !(stale = index.staleInstances(BATCH)).isEmpty(); ) {
      for (InstanceKey key : stale) {
        String uid = key.sopInstanceUid();
        Optional<InstanceRecord> row = index.find(key.tenant(), uid);
        if (row.isEmpty()) {
          continue; // deleted meanwhile
        }
        try {
          index.reindex(key.tenant(), uid, valuesOf(row.get(), open));
        } catch (IllegalArgumentException e) {
          // The file now names a different identity than its row: keep the row as it is.
          LOG.log(Level.WARNING, "instance " + uid + " keeps its indexed values: " + e.getMessage());
          index.reindex(key.tenant(), uid, row.get().values());
        }
        done++;
      }
      LOG.log(Level.INFO, "re-indexed " + done + " instances for the current index declaration");
    }
    return done;
  }

  /**
   * The values extracted from the stored file; a file that no longer parses keeps the values its
   * row has (it was accepted once), so the row is marked current either way and the run ends.
   */
  private static AttributeValues valuesOf(InstanceRecord row, SourceOpener open) {
    try (ByteSource source = open.open(row)) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.headerOnly());
      return IndexFields.values(parsed);
    } catch (IOException | ServiceException | RuntimeException e) {
      LOG.log(Level.WARNING, "instance " + row.sopInstanceUid() + " keeps its indexed values: "
          + e.getMessage());
      return row.values();
    }
  }
}
