package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.dicom.testing.Corpus;
import dev.lightbox.service.ingest.IngestOutcome;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's dicom-service example, kept here so it cannot rot. */
class EmbeddingServiceTest {
  @TempDir Path data;

  @Test
  void readmeExampleIngestsAndFindsWithoutAServer() throws Exception {
    Path ct = Corpus.shared().resolve("pydicom/test_files/CT_small.dcm");
    try (Services services = Services.open(ServiceConfig.defaults().withDataDir(data),
        OperationTimer.NONE); InputStream in = Files.newInputStream(ct)) {
      IngestOutcome stored = services.ingest().ingest(Tenant.DEFAULT, in, false);
      StoredInstance found = services.catalog().find(Tenant.DEFAULT, stored.instance().sopInstanceUid());
      // Expected values as dcmdump prints them for CT_small.dcm.
      assertEquals("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322", found.sopInstanceUid());
      assertEquals("CompressedSamples^CT1", found.patientName());
      assertEquals(LocalDate.of(2004, 1, 19), found.studyDate().orElseThrow());
    }
  }
}
