package dev.lightbox.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected values are facts of PS3.6 Table 6-1 (and PS3.5 §7.2/§7.8), written down from the
 * standard, not read from the generated dictionary.
 */
class ElementDictionaryTest {
  private final ElementDictionary dict = ElementDictionary.standard();

  private DictionaryEntry entry(int tag) {
    return dict.entry(tag).orElseThrow(() -> new AssertionError("no entry for " + Tag.toString(tag)));
  }

  @ParameterizedTest(name = "({0}) {3}")
  @CsvSource(delimiter = ';', value = {
      "00080005;CS;1-n;SpecificCharacterSet;Specific Character Set;false",
      "00080016;UI;1;SOPClassUID;SOP Class UID;false",
      "00100010;PN;1;PatientName;Patient's Name;false",
      "00080006;SQ;1;LanguageCodeSequence;Language Code Sequence;false",
      "00181310;US;4;AcquisitionMatrix;Acquisition Matrix;false",
      "00280010;US;1;Rows;Rows;false",
      "00280106;US|SS;1;SmallestImagePixelValue;Smallest Image Pixel Value;false",
      "00281201;OW;1;RedPaletteColorLookupTableData;Red Palette Color Lookup Table Data;false",
      "7FE00010;OB|OW;1;PixelData;Pixel Data;false",
      "7FE00001;OV;1;ExtendedOffsetTable;Extended Offset Table;false",
      "7FE00002;OV;1;ExtendedOffsetTableLengths;Extended Offset Table Lengths;false",
      "00720082;SV;1-n;SelectorSVValue;Selector SV Value;false",
      "00720083;UV;1-n;SelectorUVValue;Selector UV Value;false",
      "00080119;UC;1;LongCodeValue;Long Code Value;false",
      "00080120;UR;1;URNCodeValue;URN Code Value;false",
      "0040A160;UT;1;TextValue;Text Value;false",
      "00020000;UL;1;FileMetaInformationGroupLength;File Meta Information Group Length;false",
      "00080001;UL;1;LengthToEnd;Length to End;true",
      "60023000;OB|OW;1;OverlayData;Overlay Data;false",
      "601E0010;US;1;OverlayRows;Overlay Rows;false",
      "50043000;OB|OW;1;CurveData;Curve Data;true",
      "00203105;CS;1-n;SourceImageIDs;Source Image IDs;true",
      "00280410;US;1;RowsForNthOrderCoefficients;Rows For Nth Order Coefficients;true",
      "10000013;US;3;HuffmanTableTriplet;Huffman Table Triplet;true",
      "00280400;LO;1;TransformLabel;Transform Label;true",
  })
  void matchesPs36(String hexTag, String vrs, String vm, String keyword, String name,
      boolean retired) {
    int tag = Integer.parseUnsignedInt(hexTag, 16);
    DictionaryEntry e = entry(tag);
    assertEquals(tag, e.tag());
    assertEquals(vrs, String.join("|", e.vrs().stream().map(Vr::name).toList()));
    assertEquals(e.vrs().get(0), e.vr());
    assertEquals(vm, e.vm());
    assertEquals(keyword, e.keyword());
    assertEquals(name, e.name());
    assertEquals(retired, e.retired());
    assertEquals(keyword, dict.keyword(tag));
    assertEquals(name, dict.name(tag));
  }

  @Test
  void repeatingGroupEntryKeepsItsPattern() {
    DictionaryEntry overlay = entry(0x60023000);
    assertEquals("60xx3000", overlay.tagPattern());
    assertTrue(overlay.isRange());
    assertEquals("002031xx", entry(0x002031FF).tagPattern());
  }

  @Test
  void exactTagWinsOverRangeThatAlsoMatches() {
    // (7FE0,0010) Pixel Data is also matched by the retired (7Fxx,0010) Variable Pixel Data.
    assertEquals("PixelData", dict.keyword(0x7FE00010));
    assertEquals("VariablePixelData", dict.keyword(0x7F100010));
  }

  @Test
  void groupLengthOfAnyGroupIsUl() {
    // (1000,0000) and (1010,0000) are also matched by the retired ranges (1000,xxx0), (1010,xxxx).
    for (int tag : new int[] {0x00080000, 0x00280000, 0x7FE00000, 0x00090000, 0x60020000,
        0x10000000, 0x10100000}) {
      DictionaryEntry e = entry(tag);
      assertEquals(Vr.UL, e.vr(), Tag.toString(tag));
      assertEquals("GroupLength", e.keyword());
      assertEquals(tag, e.tag());
    }
    assertEquals("CommandGroupLength", dict.keyword(0x00000000));
  }

  @Test
  void privateCreatorIsSyntheticLo() {
    for (int tag : new int[] {0x00090010, 0x001100FF, 0x7FE10010}) {
      DictionaryEntry e = entry(tag);
      assertEquals(Vr.LO, e.vr());
      assertEquals(List.of(Vr.LO), e.vrs());
      assertEquals("PrivateCreator", e.keyword());
      assertEquals("Private Creator", e.name());
      assertEquals(tag, e.tag());
    }
  }

  @Test
  void otherPrivateTagsAreUnknown() {
    assertTrue(dict.entry(0x00091001).isEmpty());
    assertTrue(dict.entry(0x00090001).isEmpty());
    assertTrue(dict.entry(0x00091100).isEmpty());
    // Odd groups are private even where an even-group pattern (60xx) would otherwise match.
    assertTrue(dict.entry(0x60013000).isEmpty());
    assertEquals("", dict.keyword(0x00091001));
    assertEquals("", dict.name(0x00091001));
  }

  @Test
  void unknownStandardTagsAreEmpty() {
    assertTrue(dict.entry(0x00080002).isEmpty());
    // PS3.6 lists (0018,9445) as retired with no name, keyword, VR or VM.
    assertTrue(dict.entry(0x00189445).isEmpty());
    // Items and delimiters (PS3.5 §7.5) are encoding structure with no VR.
    assertTrue(dict.entry(Tag.ITEM).isEmpty());
  }

  @Test
  void keywordLookupIsExactAndCaseSensitive() {
    assertEquals(OptionalInt.of(0x00100010), dict.tagForKeyword("PatientName"));
    assertEquals(OptionalInt.of(0x7FE00010), dict.tagForKeyword("PixelData"));
    assertEquals(OptionalInt.of(0x0020000D), dict.tagForKeyword("StudyInstanceUID"));
    assertTrue(dict.tagForKeyword("patientname").isEmpty());
    assertTrue(dict.tagForKeyword("NoSuchKeyword").isEmpty());
    assertTrue(dict.tagForKeyword("").isEmpty());
  }

  @Test
  void rangeKeywordsHaveNoSingleTag() {
    assertTrue(dict.tagForKeyword("OverlayData").isEmpty());
    assertTrue(dict.tagForKeyword("SourceImageIDs").isEmpty());
    assertTrue(dict.tagForKeyword("GroupLength").isEmpty());
  }

  @Test
  void everyExactKeywordRoundTripsToItsTag() {
    Set<String> keywords = new HashSet<>();
    int exact = 0;
    for (DictionaryEntry e : dict.entries()) {
      if (e.isRange()) {
        continue;
      }
      exact++;
      assertTrue(keywords.add(e.keyword()), "duplicate keyword " + e.keyword());
      assertEquals(OptionalInt.of(e.tag()), dict.tagForKeyword(e.keyword()), e.keyword());
      assertEquals(e, entry(e.tag()));
    }
    assertTrue(exact > 4000, "only " + exact + " exact tags");
  }

  @Test
  void everyResourceLineParsesWithKnownVrs() throws IOException {
    int rows = 0;
    try (InputStream in = ElementDictionary.class.getResourceAsStream(ElementDictionary.RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNumber = 0;
      while ((line = r.readLine()) != null) {
        lineNumber++;
        if (DictionaryTsv.isComment(line)) {
          continue;
        }
        DictionaryEntry e = DictionaryTsv.parseLine(line, lineNumber);
        String vrField = line.split("\t", -1)[1];
        for (String code : vrField.split("\\|")) {
          assertTrue(Vr.fromCode(code).isPresent(), "line " + lineNumber + ": VR " + code);
        }
        assertEquals(vrField.split("\\|").length, e.vrs().size());
        assertTrue(e.tagPattern().matches("[0-9A-Fx]{8}"), "line " + lineNumber);
        rows++;
      }
    }
    assertTrue(rows > 4000, "only " + rows + " rows");
    assertEquals(rows, dict.entries().size());
  }

  @Test
  void malformedLinesNameTheirLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DictionaryTsv.parseLine("00100010\tXX\t1\tPatientName\tPatient's Name\t", 7));
    assertEquals("dictionary.tsv line 7: unknown VR 'XX'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DictionaryTsv.parseLine("00100010\tPN\t1\tPatientName", 3));
    assertEquals("dictionary.tsv line 3: expected 6 tab-separated fields, found 4", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> DictionaryTsv.parseLine("0010001G\tPN\t1\tPatientName\tPatient's Name\t", 1));
    assertThrows(IllegalArgumentException.class,
        () -> DictionaryTsv.parseLine("00100010\tPN\t1\tPatientName\tPatient's Name\tX", 1));
  }

  @Test
  void mostSpecificRangeWinsRegardlessOfFileOrder() throws IOException {
    String tsv = "xxxx0000\tUL\t1\tGroupLength\tGroup Length\tR\n"
        + "10xxxxxx\tOB\t1\tWide\tWide\t\n"
        + "1000xxx0\tUS\t3\tNarrow\tNarrow\t\n";
    ElementDictionary custom = ElementDictionary.read(new BufferedReader(new StringReader(tsv)));
    assertEquals("Narrow", custom.keyword(0x10000010));
    assertEquals("Wide", custom.keyword(0x10000011));
    assertEquals("GroupLength", custom.keyword(0x10000000));
    assertFalse(custom.entry(0x20000011).isPresent());
  }
}
