package dev.lightbox.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.testing.DicomBytes;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SingleAttributeJsonTest {
  private static Dataset dataset() throws IOException {
    byte[] file = DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(0x00080008, Vr.CS, "ORIGINAL\\PRIMARY\\AXIAL")
        .string(0x00090010, Vr.LO, "ACME").toByteArray();
    return DicomReader.read(file, ReadOptions.defaults()).dataset();
  }

  @Test
  void singleAttributeFormHasTagKeywordNameVrAndValue() throws IOException {
    Dataset ds = dataset();
    DicomJsonWriter w = new DicomJsonWriter(null, 1024, BulkDataUris.NONE);
    StringWriter out = new StringWriter();
    Element e = TagPath.parse("ImageType").resolve(ds).orElseThrow().element();
    SingleAttributeJson.write(w, ds, e, "00080008", out);
    // DESIGN.md: the one-attribute response shape.
    assertEquals("{\"tag\":\"00080008\",\"keyword\":\"ImageType\",\"name\":\"Image Type\","
        + "\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",\"PRIMARY\",\"AXIAL\"]}", out.toString());
    StringWriter priv = new StringWriter();
    SingleAttributeJson.write(w, ds, ds.element(0x00090010).orElseThrow(), "00090010", priv);
    assertTrue(priv.toString().contains("\"keyword\":\"PrivateCreator\""), priv.toString());
  }

  @Test
  void formFromStoredDicomJsonEqualsTheStreamedForm() throws IOException {
    Dataset ds = dataset();
    DicomJsonWriter w = new DicomJsonWriter(null, 1024, BulkDataUris.NONE);
    JsonObject whole = JsonParser.parseString(w.toJson(ds)).getAsJsonObject();
    for (int tag : new int[] {0x00080008, 0x00090010}) {
      StringWriter streamed = new StringWriter();
      SingleAttributeJson.write(w, ds, ds.element(tag).orElseThrow(), "", streamed);
      JsonObject fromStored = SingleAttributeJson.of(tag,
          whole.getAsJsonObject(String.format("%08X", tag)));
      assertEquals(streamed.toString(), fromStored.toString());
    }
  }

  /** The attribute route writes a PN as DICOM JSON does: component spaces dropped (PS3.5 6.2). */
  @Test
  void personNameComponentSpacesAreDroppedInTheSingleAttributeForm() throws IOException {
    byte[] file = DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(0x00100010, Vr.PN, " Doe ^  John ").toByteArray();
    Dataset ds = DicomReader.read(file, ReadOptions.defaults()).dataset();
    DicomJsonWriter w = new DicomJsonWriter(null, 1024, BulkDataUris.NONE);
    StringWriter out = new StringWriter();
    SingleAttributeJson.write(w, ds, ds.element(0x00100010).orElseThrow(), "00100010", out);
    assertEquals("{\"tag\":\"00100010\",\"keyword\":\"PatientName\",\"name\":\"Patient's Name\","
        + "\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"}]}", out.toString());
  }
}
