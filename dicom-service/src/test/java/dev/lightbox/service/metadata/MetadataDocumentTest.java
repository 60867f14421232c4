package dev.lightbox.service.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.stream.JsonWriter;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.JsonWritable;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Answers streamed from the stored form (PS3.18 F.2): members copied token by token with numbers
 * as written, BulkDataURIs given by the caller's links for recorded bulk paths and for the URLs
 * older documents stored, sequences followed by item index.
 */
class MetadataDocumentTest {
  static final String STORED = "{\"fileMeta\":{\"00020010\":{\"vr\":\"UI\",\"Value\":"
      + "[\"1.2.840.10008.1.2.1\"]}},"
      + "\"dataset\":{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^J\"}]},"
      + "\"00180050\":{\"vr\":\"DS\",\"Value\":[2.50,null]},"
      + "\"00400275\":{\"vr\":\"SQ\",\"Value\":[{\"00081030\":{\"vr\":\"LO\",\"Value\":[\"a\"]}},"
      + "{\"00091010\":{\"vr\":\"OB\"}}]},"
      + "\"00111010\":{\"vr\":\"OB\",\"BulkDataURI\":\"/old/url\"},"
      + "\"7FE00010\":{\"vr\":\"OW\"}},"
      + "\"bulk\":{\"00400275/1/00091010\":[400,2048],\"7FE00010\":[]}}";
  static final BulkLinks LINKS = path -> "/bulk/" + path;

  static String write(JsonWritable w) throws Exception {
    StringWriter sw = new StringWriter();
    JsonWriter out = new JsonWriter(sw);
    out.setSerializeNulls(true);
    w.writeTo(out);
    out.flush();
    return sw.toString();
  }

  @Test
  void theWholeDatasetIsCopiedWithThisRoutesBulkDataUris() throws Exception {
    assertEquals("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^J\"}]},"
        + "\"00180050\":{\"vr\":\"DS\",\"Value\":[2.50,null]},"
        + "\"00400275\":{\"vr\":\"SQ\",\"Value\":[{\"00081030\":{\"vr\":\"LO\",\"Value\":[\"a\"]}},"
        + "{\"00091010\":{\"vr\":\"OB\",\"BulkDataURI\":\"/bulk/00400275/1/00091010\"}}]},"
        + "\"00111010\":{\"vr\":\"OB\",\"BulkDataURI\":\"/bulk/00111010\"},"
        + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"/bulk/7FE00010\"}}",
        write(MetadataDocument.parse(STORED).dataset(LINKS)));
  }

  @Test
  void aSelectionKeepsTagOrderAndTheFileMetaFirst() throws Exception {
    String selected = write(MetadataDocument.parse(STORED).select(
        List.of(0x7FE00010, 0x00100010, 0x00020010, 0x00100020), LINKS));
    assertEquals("{\"00020010\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.1.2.1\"]},"
        + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^J\"}]},"
        + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"/bulk/7FE00010\"}}", selected);
  }

  @Test
  void oneAttributeIsFoundThroughSequenceItems() {
    MetadataDocument doc = MetadataDocument.parse(STORED);
    assertEquals("{\"tag\":\"00081030\",\"keyword\":\"StudyDescription\",\"name\":\"Study "
        + "Description\",\"vr\":\"LO\",\"Value\":[\"a\"]}", doc.single(TagPath.parse(
        "00400275/0/00081030"), LINKS).orElseThrow().toString());
    assertTrue(doc.single(TagPath.parse("00400275/1/00091010"), LINKS).orElseThrow()
        .toString().contains("\"BulkDataURI\":\"/bulk/00400275/1/00091010\""));
    assertEquals(Optional.empty(), doc.single(TagPath.parse("00400275/2/00081030"), LINKS));
    assertEquals(Optional.empty(), doc.single(TagPath.parse("00100020"), LINKS));
  }

  @Test
  void bulkLocationsAreReadFromTheStoredForm() {
    MetadataDocument doc = MetadataDocument.parse(STORED);
    assertEquals(Optional.of(new BulkDataRef(400, 2048)),
        doc.bulk(TagPath.parse("00400275/1/00091010")));
    assertEquals(Optional.empty(), doc.bulk(TagPath.parse("7FE00010"))); // deflated: no offsets
    assertEquals(Optional.empty(), doc.bulk(TagPath.parse("00100010")));
  }
}
