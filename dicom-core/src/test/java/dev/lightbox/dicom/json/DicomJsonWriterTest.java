package dev.lightbox.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.testing.DicomBytes;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DICOM JSON (PS3.18 Annex F) for datasets built byte by byte. */
class DicomJsonWriterTest {

  static JsonObject write(byte[] file, ReadOptions options, int inline, BulkDataUris uris)
      throws IOException {
    ParseResult r = DicomReader.read(file, options);
    String s = new DicomJsonWriter(new ArrayByteSource(file), inline, uris).toJson(r.dataset());
    return JsonParser.parseString(s).getAsJsonObject();
  }

  static JsonObject write(DicomBytes d) throws IOException {
    return write(d.toByteArray(), ReadOptions.defaults(), 1024, BulkDataUris.NONE);
  }

  @Test
  void keysAreSortedTagsAndGroupLengthsAreOmitted() throws IOException {
    JsonObject j = write(DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .ul(0x00080000, 100)
        .string(Tag.MODALITY, Vr.CS, "CT")
        .string(Tag.PATIENT_NAME, Vr.PN, "A^B"));
    assertEquals("[00080060, 00100010]", j.keySet().toString());
  }

  @Test
  void emptyValuesHaveOnlyTheirVr() throws IOException {
    // PS3.18 F.2.5: an empty value has no Value member.
    JsonObject j = write(DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(0x00080020, Vr.DA, "")
        .beginSequence(0x00081140).sequenceDelimiter()
        .string(Tag.PATIENT_NAME, Vr.PN, "")
        .bytes(0x00091010, Vr.OB, new byte[0]));
    for (String k : j.keySet()) {
      assertEquals(1, j.getAsJsonObject(k).size(), k + " " + j.get(k));
    }
  }

  @Test
  void multiValuedStringsKeepEmptyComponentsAsNull() throws IOException {
    JsonObject j = write(DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(0x00080008, Vr.CS, "ORIGINAL\\\\AXIAL")
        .string(0x00281050, Vr.DS, "40\\not-a-number")
        .string(0x00200013, Vr.IS, "+7"));
    assertEquals("[\"ORIGINAL\",null,\"AXIAL\"]", j.getAsJsonObject("00080008").get("Value")
        .toString());
    assertEquals("[40,\"not-a-number\"]", j.getAsJsonObject("00281050").get("Value").toString());
    assertEquals("[7]", j.getAsJsonObject("00200013").get("Value").toString());
  }

  /**
   * PS3.5 Table 6.2-1 (PN): "DICOM allows leading and trailing spaces and considers them
   * insignificant" — per component, in every group; empty trailing components and groups go too.
   */
  @Test
  void spacesAroundPersonNameComponentsAreInsignificant() throws IOException {
    JsonObject j = write(DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(Tag.PATIENT_NAME, Vr.PN, "  Doe ^ John  ^ ^=  ^\\ Roe^  Jane Ann"));
    assertEquals("[{\"Alphabetic\":\"Doe^John\"},{\"Alphabetic\":\"Roe^Jane Ann\"}]",
        j.getAsJsonObject("00100010").get("Value").toString());
    assertEquals("Doe^John", dev.lightbox.dicom.data.PersonName.normalize("  Doe ^ John  ^ ^=  ^"));
    assertEquals("=Yamada^Tarou", dev.lightbox.dicom.data.PersonName.normalize(" = Yamada ^Tarou"));
  }

  @Test
  void personNamesHaveAlphabeticIdeographicAndPhoneticGroups() throws IOException {
    JsonObject j = write(DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .textCharset(java.nio.charset.StandardCharsets.UTF_8)
        .string(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
        .string(Tag.PATIENT_NAME, Vr.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう\\Doe^J"));
    assertEquals("[{\"Alphabetic\":\"Yamada^Tarou\",\"Ideographic\":\"山田^太郎\","
        + "\"Phonetic\":\"やまだ^たろう\"},{\"Alphabetic\":\"Doe^J\"}]",
        j.getAsJsonObject("00100010").get("Value").toString());
  }

  @Test
  void nonFiniteFloatsAreWrittenAsStrings() throws IOException {
    JsonObject j = write(DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .fl(0x00189087, Float.NaN).fd(0x00189089, Double.POSITIVE_INFINITY, 1.0));
    assertEquals("[\"NaN\"]", j.getAsJsonObject("00189087").get("Value").toString());
    assertEquals("[\"Infinity\",1.0]", j.getAsJsonObject("00189089").get("Value").toString());
  }

  @Test
  void largeBinaryValuesBecomeBulkDataUrisAndLargeStringsAreReadFromTheSource()
      throws IOException {
    String longText = "x".repeat(3000);
    DicomBytes d = DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .string(0x00324000, Vr.LT, longText)
        .bytes(Tag.PIXEL_DATA, Vr.OW, new byte[4000]);
    BulkDataUris uris = (path, e) -> Optional.of("bulk:" + path + ":" + e.length());
    JsonObject j = write(d.toByteArray(), ReadOptions.defaults().withBulkThreshold(100), 1024,
        uris);
    assertEquals(longText, j.getAsJsonObject("00324000").getAsJsonArray("Value").get(0)
        .getAsString());
    assertEquals("bulk:7FE00010:4000", j.getAsJsonObject("7FE00010").get("BulkDataURI")
        .getAsString());
    assertFalse(j.getAsJsonObject("7FE00010").has("InlineBinary"));
  }

  @Test
  void encapsulatedPixelDataIsNeverInlined() throws IOException {
    DicomBytes d = DicomBytes.part10(DicomBytes.JPEG_BASELINE)
        .encapsulatedPixelData(new long[0], new byte[] {1, 2});
    JsonObject none = write(d);
    assertEquals("{\"vr\":\"OB\"}", none.get("7FE00010").toString());
    JsonObject withUri = write(d.toByteArray(), ReadOptions.defaults(), Integer.MAX_VALUE,
        (path, e) -> e.value() instanceof Fragments ? Optional.of("frames") : Optional.empty());
    assertEquals("frames", withUri.getAsJsonObject("7FE00010").get("BulkDataURI").getAsString());
  }

  @Test
  void sequencesNestAsArraysOfDatasets() throws IOException {
    JsonObject j = write(DicomBytes.part10(DicomBytes.IMPLICIT_LE)
        .beginSequence(0x00081140)
        .undefinedItem(i -> i.string(0x00081155, Vr.UI, "1.2"))
        .undefinedItem(i -> { })
        .sequenceDelimiter());
    assertEquals("{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}},{}]}",
        j.get("00081140").toString());
  }
}
