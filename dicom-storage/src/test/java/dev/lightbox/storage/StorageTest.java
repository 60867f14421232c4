package dev.lightbox.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.ingest.IngestRequest;
import dev.lightbox.storage.ingest.IngestResult;
import dev.lightbox.storage.ingest.IngestStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

  @TempDir Path dataDir;

  @Test
  void embeddedModeSurvivesARestartOfTheProcess() throws Exception {
    Path upload = Files.write(dataDir.resolve("upload.dcm"), new byte[] {1, 2, 3, 4});
    IngestRequest req = new IngestRequest("1.2.840.10008.1.2.1", AttributeValues.builder()
        .put(IndexedAttribute.SOP_INSTANCE_UID, "1.2.3.4").put(IndexedAttribute.STUDY_INSTANCE_UID, "1.2.3")
        .put(IndexedAttribute.SERIES_INSTANCE_UID, "1.2.3.1")
        .put(IndexedAttribute.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.7")
        .put(IndexedAttribute.MODALITY, "OT").build(), "{}", false);
    IngestResult stored;
    try (Storage storage = Storage.embedded(dataDir.resolve("data"))) {
      storage.check();
      stored = storage.ingestor().ingest(upload, req);
      assertEquals(IngestStatus.STORED, stored.status());
    }
    assertTrue(Files.isRegularFile(dataDir.resolve("data/index.db")));
    assertTrue(Files.isDirectory(dataDir.resolve("data/blobs/sha256")));
    try (Storage storage = Storage.embedded(dataDir.resolve("data"))) {
      assertEquals(stored.record(), storage.index().find("1.2.3.4").orElseThrow());
      try (InputStream in = storage.blobs().open(BlobKey.parse(stored.record().blobKey()))) {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, in.readAllBytes());
      }
      assertEquals(IngestStatus.ALREADY_STORED, storage.ingestor().ingest(upload, req).status());
    }
  }
}
