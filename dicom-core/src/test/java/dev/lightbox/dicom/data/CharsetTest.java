package dev.lightbox.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Strictness;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specific Character Set decoding (PS3.3 C.12.1.1.2, PS3.5 §6.1) on pydicom's charset_files. The
 * expected names are the examples of PS3.5 Annex H (Japanese), Annex I (Korean) and Annex J
 * (UTF-8, GB18030), and for the single-byte sets the FileInfo.txt bytes read in the ISO 8859 part
 * the file declares.
 */
class CharsetTest {

  static Path file(String name) {
    return Corpus.shared().resolve("pydicom/charset_files").resolve(name);
  }

  static Dataset read(String name) throws IOException {
    ParseResult r = DicomReader.read(file(name),
        ReadOptions.defaults().withStrictness(Strictness.STRICT));
    return r.dataset();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "chrArab.dcm  | قباني^لنزار",
      "chrFren.dcm  | Buc^Jérôme",
      "chrGerm.dcm  | Äneas^Rüdiger",
      "chrGreek.dcm | Διονυσιος",
      "chrHbrw.dcm  | שרון^דבורה",
      "chrRuss.dcm  | Люкceмбypг",
      // PS3.5 H.3.1: ISO 2022 IR 87 with ASCII as the initial set.
      "chrH31.dcm   | Yamada^Tarou=山田^太郎=やまだ^たろう",
      // PS3.5 H.3.2: ISO 2022 IR 13 (half-width katakana) with IR 87.
      "chrH32.dcm   | ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
      // PS3.5 I.2: ISO 2022 IR 149 (KS X 1001) in G1.
      "chrI2.dcm    | Hong^Gildong=洪^吉洞=홍^길동",
      // PS3.5 J.1 and J.3: UTF-8 and GB18030.
      "chrX1.dcm    | Wang^XiaoDong=王^小東=",
      "chrX2.dcm    | Wang^XiaoDong=王^小东=",
  })
  void decodesThePatientNameOfEachCharsetFile(String file, String expected) throws IOException {
    assertEquals(expected, read(file).string(Tag.PATIENT_NAME).orElseThrow());
  }

  @Test
  void decodesMultiValuedLatin1Values() throws IOException {
    Dataset ds = read("chrFrenMulti.dcm");
    assertEquals("Buc^Jérôme", ds.string(Tag.PATIENT_NAME).orElseThrow());
    assertEquals(List.of("eggs", "spam"), ds.strings(0x00101000));
  }

  @Test
  void personNameGroupsSplitAfterDecoding() throws IOException {
    PersonName pn = read("chrH31.dcm").personName(Tag.PATIENT_NAME).orElseThrow();
    assertEquals("Yamada^Tarou", pn.alphabetic());
    assertEquals("山田^太郎", pn.ideographic());
    assertEquals("やまだ^たろう", pn.phonetic());
  }

  @Test
  void sequenceItemsUseTheirOwnOrTheInheritedCharacterSet() throws IOException {
    // chrSQEncoding: dataset ISO_IR 192, the item declares ISO 2022 IR 13 / IR 87 itself;
    // chrSQEncoding1: the dataset declares ISO 2022 IR 13 / IR 87 and the item inherits it.
    for (String name : List.of("chrSQEncoding.dcm", "chrSQEncoding1.dcm")) {
      Dataset ds = read(name);
      Dataset item = firstItem(ds);
      assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
          item.string(Tag.PATIENT_NAME).orElseThrow(), name);
    }
  }

  private static Dataset firstItem(Dataset ds) {
    for (Element e : ds) {
      if (e.value() instanceof Sequence s && s.size() > 0) {
        return s.item(0);
      }
    }
    throw new AssertionError("no sequence item");
  }

  static Stream<String> allFiles() throws IOException {
    try (Stream<Path> s = Files.list(Corpus.shared().resolve("pydicom/charset_files"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dcm")).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allFiles")
  void everyNameDecodesWithoutReplacementCharacters(String name) throws IOException {
    Dataset ds = read(name);
    String pn = ds.strings(Tag.PATIENT_NAME).toString();
    assertFalse(pn.contains("\uFFFD"), name + ": " + pn);
    assertFalse(pn.contains("\u001b"), name + " kept an escape: " + pn);
    assertTrue(ds.contains(Tag.SPECIFIC_CHARACTER_SET), name);
  }

  @Test
  void iso2022StateResetsAtValueDelimiters() {
    // PS3.5 §6.1.2.5.3: the initial set is active again before each value delimiter, so a 0x5C
    // byte inside a two-byte JIS X 0208 run is half of a character, not a delimiter.
    SpecificCharacterSet cs = SpecificCharacterSet.of(List.of("", "ISO 2022 IR 87"));
    byte[] raw = "\u001b$B;3ED\u001b(B\\Tarou"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(List.of("山田", "Tarou"), ValueDecoder.strings(Vr.LO, raw, cs, false));
    byte[] kanjiWith5c = "\u001b$B0\\\u001b(B"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(1, ValueDecoder.strings(Vr.LO, kanjiWith5c, cs, false).size());
  }

  @Test
  void unknownTermsAreReportedAndDecodeAsLatin1() {
    SpecificCharacterSet cs = SpecificCharacterSet.of(List.of("ISO_IR 999"));
    assertEquals(List.of("ISO_IR 999"), cs.unknownTerms());
    assertEquals("é", cs.decode(new byte[] {(byte) 0xE9}, false));
  }
}
