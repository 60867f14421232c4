package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.metadata.BulkLinks;
import dev.lightbox.service.metadata.HotAttributeSettings;
import dev.lightbox.service.metadata.HotAttributes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept single-attribute answers through the composition root: the same answer as the tree the
 * metadata service builds, and dropped at once when this node deletes or replaces the instance.
 */
class HotAttributesTest {
  private static final String SOP = "1.2.3.500";
  @TempDir Path data;
  Services services;
  HotAttributes hot;

  @BeforeEach
  void open() throws Exception {
    services = Services.open(ServiceConfig.defaults().withDataDir(data)
        .withDurability("relaxed"), OperationTimer.NONE);
    hot = services.metadata().hotAttributes(id -> path -> "/test/" + id + "/" + path);
    ingest(TestInstances.ct(SOP, 4, 4, 1, 10), false);
  }

  @AfterEach
  void close() {
    services.close();
  }

  private void ingest(byte[] file, boolean replace) throws ServiceException {
    services.ingest().ingest(Tenant.DEFAULT, new ByteArrayInputStream(file), replace);
  }

  private static JsonObject parse(byte[] utf8) {
    return JsonParser.parseString(new String(utf8, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  @Test
  void theFirstAnswerIsReadAndKeptThenServedFromMemory() throws Exception {
    assertNull(hot.cached(Tenant.DEFAULT, SOP, "PatientID"));
    byte[] first = hot.answer(Tenant.DEFAULT, SOP, "PatientID");
    BulkLinks links = path -> "/test/" + SOP + "/" + path;
    assertEquals(services.metadata().attribute(Tenant.DEFAULT, SOP, TagPath.parse("PatientID"), links),
        parse(first));
    assertEquals("PID-1", parse(first).getAsJsonArray("Value").get(0).getAsString());
    assertSame(first, hot.cached(Tenant.DEFAULT, SOP, "PatientID"));
    assertSame(first, hot.answer(Tenant.DEFAULT, SOP, "PatientID"));
    // Kept by the text the client wrote: another spelling is its own (equal) answer.
    assertNull(hot.cached(Tenant.DEFAULT, SOP, "00100020"));
    assertArrayEquals(first, hot.answer(Tenant.DEFAULT, SOP, "00100020"));
  }

  @Test
  void bulkValuesCarryTheRoutesUri() throws Exception {
    JsonObject blob = parse(hot.answer(Tenant.DEFAULT, SOP, "00091010"));
    assertEquals("/test/" + SOP + "/00091010", blob.get("BulkDataURI").getAsString());
  }

  @Test
  void aDeleteHereDropsTheAnswersAtOnce() throws Exception {
    hot.answer(Tenant.DEFAULT, SOP, "PatientID");
    services.catalog().delete(Tenant.DEFAULT, SOP);
    assertNull(hot.cached(Tenant.DEFAULT, SOP, "PatientID"));
    ServiceException e = assertThrows(ServiceException.class, () -> hot.answer(Tenant.DEFAULT, SOP, "PatientID"));
    assertEquals(Failure.INSTANCE_NOT_FOUND, e.failure());
  }

  @Test
  void aReplaceHereDropsTheAnswersAtOnce() throws Exception {
    hot.answer(Tenant.DEFAULT, SOP, "PatientID");
    ingest(TestInstances.ct(SOP, 4, 4, 1, 20), true);
    assertNull(hot.cached(Tenant.DEFAULT, SOP, "PatientID"));
    assertEquals("PID-2", parse(hot.answer(Tenant.DEFAULT, SOP, "PatientID")).getAsJsonArray("Value").get(0)
        .getAsString());
  }

  @Test
  void refusalsAreNeverKept() {
    ServiceException absent = assertThrows(ServiceException.class,
        () -> hot.answer(Tenant.DEFAULT, SOP, "00400275"));
    assertEquals(Failure.ATTRIBUTE_NOT_FOUND, absent.failure());
    assertNull(hot.cached(Tenant.DEFAULT, SOP, "00400275"));
    ServiceException bad = assertThrows(ServiceException.class,
        () -> hot.answer(Tenant.DEFAULT, SOP, "NoSuchKeyword"));
    assertEquals(Failure.INVALID_TAG_PATH, bad.failure());
    ServiceException unknown = assertThrows(ServiceException.class,
        () -> hot.answer(Tenant.DEFAULT, "1.2.3.999", "PatientID"));
    assertEquals(Failure.INSTANCE_NOT_FOUND, unknown.failure());
    assertNull(hot.cached(Tenant.DEFAULT, "1.2.3.999", "PatientID"));
  }

  @Test
  void aZeroCapacityStillAnswersButKeepsNothing() throws Exception {
    services.close();
    services = Services.open(ServiceConfig.defaults().withDataDir(data)
        .withDurability("relaxed")
        .withHotAttributes(HotAttributeSettings.DEFAULTS.withCapacityBytes(0)),
        OperationTimer.NONE);
    HotAttributes off = services.metadata().hotAttributes(id -> path -> "/x/" + path);
    assertTrue(new String(off.answer(Tenant.DEFAULT, SOP, "PatientID"), StandardCharsets.UTF_8).contains("PID-1"));
    assertNull(off.cached(Tenant.DEFAULT, SOP, "PatientID"));
  }
}
