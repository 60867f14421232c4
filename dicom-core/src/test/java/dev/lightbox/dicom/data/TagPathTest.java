package dev.lightbox.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.testing.DicomBytes;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tag paths as DESIGN.md lists them: hex, parenthesised, comma, 0x, keyword, and sequences. */
class TagPathTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"00100010", "(0010,0010)", "0010,0010", "0x00100010", "0X00100010",
      "PatientName", "  PatientName  "})
  void acceptsEveryDocumentedFormOfOneTag(String text) {
    TagPath p = TagPath.parse(text);
    assertEquals(1, p.depth());
    assertEquals(0x00100010, p.lastTag());
    assertEquals("00100010", p.toString());
  }

  @Test
  void acceptsLowerCaseHexAndPrivateTags() {
    assertEquals(0x7FE00010, TagPath.parse("7fe00010").lastTag());
    assertEquals(0x00091010, TagPath.parse("(0009,1010)").lastTag());
    assertEquals(0xFFFEE000, TagPath.parse("0xfffee000").lastTag());
  }

  @Test
  void parsesSequencePathsInKeywordAndNumericForms() {
    TagPath a = TagPath.parse("ReferencedImageSequence/0/ReferencedSOPInstanceUID");
    TagPath b = TagPath.parse("00081140/0/00081155");
    TagPath c = TagPath.parse("(0008,1140)/0/0008,1155");
    assertEquals(a, b);
    assertEquals(b, c);
    assertEquals(a.hashCode(), c.hashCode());
    assertEquals("00081140/0/00081155", a.toString());
    assertEquals(2, a.depth());
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "   ", "NoSuchKeyword", "0010,00GG", "(0010,0010", "0x0010",
      "Patient Name", "00081140/0", "00081140/x/00081155", "00081140//00081155",
      "00081140/-1/00081155", "00081140/1234567890/00081155", "Pätient", "1PatientName",
      "OverlayData"})
  void rejectsMalformedPathsListingTheAcceptedForms(String text) {
    InvalidTagPathException e = assertThrows(InvalidTagPathException.class,
        () -> TagPath.parse(text));
    assertTrue(e.getMessage().contains(InvalidTagPathException.ACCEPTED_FORMS), e.getMessage());
  }

  @Test
  void rejectsOverlongPathsWithoutBuildingThem() {
    String deep = "00081140/0/".repeat(1000) + "00081155";
    InvalidTagPathException e = assertThrows(InvalidTagPathException.class,
        () -> TagPath.parse(deep));
    assertTrue(e.getMessage().contains("more than 64 steps"), e.getMessage());
  }

  @Test
  void resolvesIntoSequencesAndReportsAbsenceAsEmpty() throws IOException {
    byte[] bytes = DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .beginSequence(0x00081140)
        .undefinedItem(i -> i.string(0x00081155, Vr.UI, "1.1"))
        .undefinedItem(i -> i.string(0x00081155, Vr.UI, "1.2"))
        .sequenceDelimiter()
        .string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
    Dataset ds = DicomReader.read(bytes, ReadOptions.defaults()).dataset();
    TagPath.Resolved second = TagPath.parse("00081140/1/00081155").resolve(ds).orElseThrow();
    assertEquals("1.2", second.owner().string(second.element().tag()).orElseThrow());
    assertTrue(TagPath.parse("00081140/2/00081155").resolve(ds).isEmpty(), "index past end");
    assertTrue(TagPath.parse("00081140/0/00100010").resolve(ds).isEmpty(), "absent in item");
    assertTrue(TagPath.parse("00100010/0/00081155").resolve(ds).isEmpty(), "not a sequence");
    assertTrue(TagPath.parse("00100020").resolve(ds).isEmpty(), "absent");
    assertEquals(Vr.SQ, TagPath.parse("ReferencedImageSequence").resolve(ds).orElseThrow()
        .element().vr());
  }
}
