package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import dev.lightbox.service.ingest.BatchOutcome;
import dev.lightbox.service.ingest.IngestOutcome;
import dev.lightbox.service.ingest.PartSource;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.service.render.RenderParams;
import dev.lightbox.service.render.Rendered;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services without any transport (DESIGN.md: "ingest without HTTP"), on the embedded stores
 * the composition root builds: ingest and its duplicate rules, batches, catalog, metadata with
 * route-given BulkDataURIs, retrieval and rendering.
 */
class ServicesTest {
  @TempDir Path data;
  Services services;

  @BeforeEach
  void open() throws ServiceException {
    services = Services.open(ServiceConfig.defaults().withDataDir(data)
        .withDurability("relaxed"), OperationTimer.NONE);
  }

  @AfterEach
  void close() {
    services.close();
  }

  private IngestOutcome ingest(byte[] file, boolean replace) throws ServiceException {
    return services.ingest().ingest(Tenant.DEFAULT, new ByteArrayInputStream(file), replace);
  }

  @Test
  void duplicatesFollowTheStoredAlreadyStoredConflictReplacedRules() throws Exception {
    byte[] first = TestInstances.ct("1.2.3.100", 4, 4, 1, 10);
    byte[] other = TestInstances.ct("1.2.3.100", 4, 4, 1, 20);
    assertEquals(IngestOutcome.Status.STORED, ingest(first, false).status());
    assertEquals(IngestOutcome.Status.ALREADY_STORED, ingest(first, false).status());
    ServiceException conflict = assertThrows(ServiceException.class, () -> ingest(other, false));
    assertEquals(Failure.CONFLICT, conflict.failure());
    IngestOutcome replaced = ingest(other, true);
    assertEquals(IngestOutcome.Status.REPLACED, replaced.status());
    assertEquals(replaced.instance().sha256(), services.catalog().find(Tenant.DEFAULT, "1.2.3.100").sha256());
  }

  @Test
  void brokenFilesAreRefusedWithTheirFailureKindAndNothingIsStored() throws Exception {
    ServiceException notDicom = assertThrows(ServiceException.class,
        () -> ingest("hello, not DICOM".getBytes(), false));
    assertEquals(Failure.NOT_DICOM, notDicom.failure());
    byte[] good = TestInstances.ct("1.2.3.101", 4, 4, 1, 1);
    byte[] cut = Arrays.copyOf(good, 200); // ends inside the header
    ServiceException malformed = assertThrows(ServiceException.class, () -> ingest(cut, false));
    assertEquals(Failure.MALFORMED_DICOM, malformed.failure());
    assertTrue(malformed.offset().isPresent(), "malformed DICOM names its byte offset");
    assertEquals(0, services.catalog().list(Tenant.DEFAULT, Map.of(), 10, 0).total());
  }

  @Test
  void aBatchRecordsItemFailuresAndStoresTheRest() throws Exception {
    Deque<PartSource.Part> parts = new ArrayDeque<>();
    parts.add(part("a.dcm", TestInstances.ct("1.2.3.1", 4, 4, 1, 1)));
    parts.add(part("junk.txt", "not dicom".getBytes()));
    parts.add(part("b.dcm", TestInstances.ct("1.2.3.2", 4, 4, 1, 2)));
    BatchOutcome batch = services.ingest().ingestAll(Tenant.DEFAULT, () -> Optional.ofNullable(parts.poll()),
        false, 10);
    assertEquals(3, batch.items().size());
    assertEquals(BatchOutcome.Summary.SOME_FAILED, batch.summary());
    assertEquals(Failure.NOT_DICOM, batch.items().get(1).failure().orElseThrow().failure());
    assertEquals(2, services.catalog().list(Tenant.DEFAULT, Map.of(), 10, 0).total());
  }

  @Test
  void aBatchOverItsPartLimitFailsAsAWhole() {
    Deque<PartSource.Part> parts = new ArrayDeque<>();
    for (int i = 0; i < 3; i++) {
      parts.add(part(i + ".dcm", TestInstances.ct("1.2.3.5" + i, 4, 4, 1, i)));
    }
    ServiceException e = assertThrows(ServiceException.class, () -> services.ingest()
        .ingestAll(Tenant.DEFAULT, () -> Optional.ofNullable(parts.poll()), false, 2));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
  }

  @Test
  void catalogFiltersAndRefusesMalformedDates() throws Exception {
    for (int i = 0; i < 3; i++) {
      ingest(TestInstances.ct("1.2.3.20" + i, 4, 4, 1, i), false);
    }
    assertEquals(1, services.catalog().list(Tenant.DEFAULT, Map.of("PatientID", "PID-1"), 10, 0).total());
    assertEquals(3, services.catalog().list(Tenant.DEFAULT, Map.of("StudyDate", "20240101-"), 10, 0).total());
    assertEquals(0, services.catalog().list(Tenant.DEFAULT, Map.of("StudyDate", "-20231231"), 10, 0).total());
    ServiceException bad = assertThrows(ServiceException.class,
        () -> services.catalog().list(Tenant.DEFAULT, Map.of("StudyDate", "2024-01"), 10, 0));
    assertEquals(Failure.INVALID_REQUEST, bad.failure());
    ServiceException unknown = assertThrows(ServiceException.class,
        () -> services.catalog().list(Tenant.DEFAULT, Map.of("PatientName", "x"), 10, 0));
    assertEquals(Failure.INVALID_REQUEST, unknown.failure());
    services.catalog().delete(Tenant.DEFAULT, "1.2.3.200");
    ServiceException gone = assertThrows(ServiceException.class,
        () -> services.catalog().find(Tenant.DEFAULT, "1.2.3.200"));
    assertEquals(Failure.INSTANCE_NOT_FOUND, gone.failure());
    ServiceException invalid = assertThrows(ServiceException.class,
        () -> services.catalog().find(Tenant.DEFAULT, "../etc/passwd"));
    assertEquals(Failure.INVALID_REQUEST, invalid.failure());
  }

  @Test
  void bulkDataUrisComeFromTheCallerAndResolveToTheStoredBytes() throws Exception {
    byte[] file = TestInstances.ct("1.2.3.300", 4, 4, 1, 7);
    ingest(file, false);
    String path = "00091010";
    JsonObject own = json(services.metadata().attributes(Tenant.DEFAULT, "1.2.3.300", p -> "/own/" + p));
    JsonObject web = json(services.metadata().attributes(Tenant.DEFAULT, "1.2.3.300", p -> "/web/" + p));
    assertEquals("/own/" + path, own.getAsJsonObject(path).get("BulkDataURI").getAsString());
    assertEquals("/web/" + path, web.getAsJsonObject(path).get("BulkDataURI").getAsString());
    JsonObject single = services.metadata().attribute(Tenant.DEFAULT, "1.2.3.300",
        MetadataService.parsePath("00091010"), p -> "/x/" + p);
    assertEquals("/x/00091010", single.get("BulkDataURI").getAsString());
    try (InputStream in = services.retrieve().bulk(Tenant.DEFAULT, "1.2.3.300",
        MetadataService.parsePath(path)).opener().open(0, 4000)) {
      byte[] expected = new byte[4000];
      Arrays.fill(expected, (byte) 7);
      assertArrayEquals(expected, in.readAllBytes());
    }
    ServiceException absent = assertThrows(ServiceException.class, () -> services.metadata()
        .attribute(Tenant.DEFAULT, "1.2.3.300", MetadataService.parsePath("StudyDescription"), p -> p));
    assertEquals(Failure.ATTRIBUTE_NOT_FOUND, absent.failure());
    ServiceException badPath = assertThrows(ServiceException.class,
        () -> MetadataService.parsePath("NoSuchKeyword"));
    assertEquals(Failure.INVALID_TAG_PATH, badPath.failure());
  }

  @Test
  void rendersAFrameAndRefusesFramesPastTheEnd() throws Exception {
    ingest(TestInstances.ct("1.2.3.400", 8, 8, 3, 5), false);
    StoredInstance instance = services.catalog().find(Tenant.DEFAULT, "1.2.3.400");
    Rendered png = services.render().render(instance, new RenderParams(3, Optional.empty(),
        Optional.empty(), 8, RenderParams.ImageFormat.PNG));
    assertEquals("image/png", png.mediaType());
    assertEquals(8, png.width());
    assertEquals((byte) 0x89, png.bytes()[0]);
    ServiceException past = assertThrows(ServiceException.class, () -> services.render()
        .render(instance, new RenderParams(4, Optional.empty(), Optional.empty(), 8,
            RenderParams.ImageFormat.PNG)));
    assertEquals(Failure.INVALID_REQUEST, past.failure());
    assertTrue(past.getMessage().contains("3 frames"), past.getMessage());
  }

  @Test
  void theOriginalFileComesBackByteForByte() throws Exception {
    byte[] file = TestInstances.ct("1.2.3.500", 4, 4, 1, 3);
    ingest(file, false);
    var stored = services.retrieve().file(Tenant.DEFAULT, "1.2.3.500");
    assertEquals(file.length, stored.size());
    try (InputStream in = stored.opener().open(0, stored.size())) {
      assertArrayEquals(file, in.readAllBytes());
    }
    assertFalse(services.describeStores().isEmpty());
    services.check();
  }

  @Test
  void embeddedStoresSurviveARestart() throws Exception {
    byte[] file = TestInstances.ct("1.2.3.600", 4, 4, 1, 6);
    StoredInstance stored = ingest(file, false).instance();
    services.close();
    assertTrue(Files.isRegularFile(data.resolve("index.db")));
    assertTrue(Files.isDirectory(data.resolve("blobs/sha256")));
    services = Services.open(ServiceConfig.defaults().withDataDir(data), OperationTimer.NONE);
    assertEquals(stored, services.catalog().find(Tenant.DEFAULT, "1.2.3.600"));
    try (InputStream in = services.retrieve().file(Tenant.DEFAULT, "1.2.3.600").opener().open(0, file.length)) {
      assertArrayEquals(file, in.readAllBytes());
    }
    assertEquals(IngestOutcome.Status.ALREADY_STORED, ingest(file, false).status());
  }

  private static PartSource.Part part(String name, byte[] bytes) {
    return new PartSource.Part(name, new ByteArrayInputStream(bytes));
  }

  private static JsonObject json(JsonWritable doc) throws Exception {
    StringWriter text = new StringWriter();
    doc.writeTo(new JsonWriter(text));
    return JsonParser.parseString(text.toString()).getAsJsonObject();
  }
}
