package dev.lightbox.dicom.io;

import static dev.lightbox.dicom.testing.DicomBytes.DEFLATED_LE;
import static dev.lightbox.dicom.testing.DicomBytes.EXPLICIT_BE;
import static dev.lightbox.dicom.testing.DicomBytes.EXPLICIT_LE;
import static dev.lightbox.dicom.testing.DicomBytes.IMPLICIT_LE;
import static dev.lightbox.dicom.testing.DicomBytes.JPEG_BASELINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.DicomParseException.Reason;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.dicom.testing.DicomBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed input: each defect the lenient reader tolerates has a strict/lenient pair, and every
 * refused input is one {@link DicomParseException} naming the tag path and byte offset.
 */
class BadInputTest {
  private static final ReadOptions STRICT = ReadOptions.defaults()
      .withStrictness(Strictness.STRICT);
  private static final ReadOptions LENIENT = ReadOptions.defaults();
  private static final int SEQ = 0x00081140;
  private static final int UID_IN_ITEM = 0x00081155;

  static DicomParseException refused(byte[] bytes, ReadOptions options) {
    return assertThrows(DicomParseException.class, () -> DicomReader.read(bytes, options));
  }

  /** Strict refuses, lenient reads and reports a problem containing {@code fragment}. */
  static ParseResult pair(byte[] bytes, String fragment) throws IOException {
    DicomParseException e = refused(bytes, STRICT);
    assertTrue(e.getMessage().contains("@ offset " + e.offset()), e.getMessage());
    ParseResult r = DicomReader.read(bytes, LENIENT);
    assertTrue(r.problems().stream().anyMatch(p -> p.message().contains(fragment)),
        "expected a problem containing '" + fragment + "' in " + r.problems());
    return r;
  }

  static DicomBytes file() {
    return DicomBytes.part10(EXPLICIT_LE).string(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3");
  }

  @Nested
  class TolerantDefects {
    @Test
    void trailingBytesAfterTheLastElement() throws IOException {
      ParseResult r = pair(file().raw((byte) 1, (byte) 2).toByteArray(), "Trailing 2 bytes");
      assertEquals("1.2.3", r.dataset().string(Tag.SOP_INSTANCE_UID).orElseThrow());
    }

    @Test
    void missingItemAndSequenceDelimitersAtEndOfInput() throws IOException {
      byte[] b = file().beginSequence(SEQ).beginItem().string(UID_IN_ITEM, Vr.UI, "9")
          .toByteArray();
      ParseResult r = pair(b, "Missing item delimiter at end of input");
      assertTrue(r.problems().stream()
          .anyMatch(p -> p.message().contains("Missing sequence delimiter at end of input")));
      assertEquals("9", r.dataset().sequence(SEQ).orElseThrow().item(0).string(UID_IN_ITEM)
          .orElseThrow());
    }

    @Test
    void missingSequenceDelimiterAtEndOfInput() throws IOException {
      byte[] b = file().beginSequence(SEQ).undefinedItem(i -> i.string(UID_IN_ITEM, Vr.UI, "9"))
          .toByteArray();
      ParseResult r = pair(b, "Missing sequence delimiter at end of input");
      assertEquals(1, r.dataset().sequence(SEQ).orElseThrow().size());
    }

    @Test
    void unexpectedItemDelimiterAtTopLevel() throws IOException {
      byte[] b = file().itemDelimiter().string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      ParseResult r = pair(b, "Unexpected item delimiter");
      assertEquals("A^B", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
    }

    @Test
    void unexpectedSequenceDelimiterAtTopLevel() throws IOException {
      byte[] b = file().sequenceDelimiter().string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      ParseResult r = pair(b, "Unexpected sequence delimiter");
      assertEquals("A^B", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
    }

    @Test
    void missingItemDelimiterBeforeTheSequenceDelimiter() throws IOException {
      byte[] b = file().beginSequence(SEQ).beginItem().string(UID_IN_ITEM, Vr.UI, "9")
          .sequenceDelimiter().string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      ParseResult r = pair(b, "Missing item delimiter before sequence delimiter");
      assertEquals(1, r.dataset().sequence(SEQ).orElseThrow().size());
      assertEquals("A^B", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
    }

    @Test
    void missingSequenceDelimiterBeforeTheNextElement() throws IOException {
      byte[] b = file().beginSequence(SEQ).undefinedItem(i -> i.string(UID_IN_ITEM, Vr.UI, "9"))
          .string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      ParseResult r = pair(b, "Missing sequence delimiter before (0010,0010)");
      assertEquals("A^B", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
    }

    @Test
    void itemDelimiterWithNonZeroLength() throws IOException {
      DicomBytes d = file().beginSequence(SEQ).beginItem().string(UID_IN_ITEM, Vr.UI, "9");
      d.tag(Tag.ITEM_DELIMITATION_ITEM).u32(4).sequenceDelimiter();
      pair(d.toByteArray(), "Delimiter with non-zero length 4");
    }

    @Test
    void sequenceDelimiterWithNonZeroLength() throws IOException {
      DicomBytes d = file().beginSequence(SEQ).undefinedItem(i -> i.string(UID_IN_ITEM, Vr.UI,
          "9"));
      d.tag(Tag.SEQUENCE_DELIMITATION_ITEM).u32(2);
      pair(d.toByteArray(), "Delimiter with non-zero length 2");
    }

    @Test
    void sequenceDelimiterInsideADefinedLengthSequence() throws IOException {
      byte[] b = file().definedSequence(SEQ, s -> s.definedItem(i -> i.string(UID_IN_ITEM,
          Vr.UI, "9")).sequenceDelimiter()).toByteArray();
      ParseResult r = pair(b, "Sequence delimiter inside a defined-length sequence");
      assertEquals(1, r.dataset().sequence(SEQ).orElseThrow().size());
    }

    @Test
    void invalidVrInAnExplicitVrDatasetIsReadAsImplicitVr() throws IOException {
      // (0010,0020) written in implicit VR inside an explicit VR file: "VR" bytes 04 00.
      DicomBytes d = file();
      d.tag(Tag.PATIENT_ID).u32(4).raw("AB12".getBytes(StandardCharsets.US_ASCII));
      ParseResult r = pair(d.toByteArray(), "Invalid VR '\\x04\\x00'");
      assertEquals("AB12", r.dataset().string(Tag.PATIENT_ID).orElseThrow());
      assertEquals(Vr.LO, r.dataset().vr(Tag.PATIENT_ID).orElseThrow());
    }

    @Test
    void oddValueLength() throws IOException {
      DicomBytes d = file();
      int at = d.datasetOffset() + d.datasetLength();
      d.header(Tag.PATIENT_ID, Vr.LO, 3).raw((byte) 'a', (byte) 'b', (byte) 'c');
      d.string(0x00100030, Vr.DA, "20000101");
      DicomParseException e = refused(d.toByteArray(), STRICT);
      assertTrue(e.getMessage().contains("Odd length 3 ") && e.offset() == at, e.getMessage());
      ParseResult r = pair(d.toByteArray(), "Odd length 3");
      assertEquals("abc", r.dataset().string(Tag.PATIENT_ID).orElseThrow());
      assertEquals("20000101", r.dataset().string(0x00100030).orElseThrow());
    }

    @Test
    void definedSequenceLengthPastTheEndOfInput() throws IOException {
      DicomBytes items = file().nested().definedItem(i -> i.string(UID_IN_ITEM, Vr.UI, "9"));
      byte[] content = items.datasetBytes();
      DicomBytes d = file();
      d.header(SEQ, Vr.SQ, 1000).raw(content);
      ParseResult r = pair(d.toByteArray(), "Length 1000 exceeds remaining " + content.length);
      assertEquals(1, r.dataset().sequence(SEQ).orElseThrow().size());
    }

    @Test
    void unknownSpecificCharacterSetTerm() throws IOException {
      byte[] b = DicomBytes.part10(EXPLICIT_LE).string(Tag.SPECIFIC_CHARACTER_SET, Vr.CS,
          "ISO_IR 999").string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      ParseResult r = pair(b, "Unknown Specific Character Set term 'ISO_IR 999'");
      assertEquals("A^B", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
    }

    @Test
    void missingSequenceDelimiterAfterTheLastFragment() throws IOException {
      DicomBytes d = DicomBytes.part10(JPEG_BASELINE).us(Tag.ROWS, 1);
      d.header(Tag.PIXEL_DATA, Vr.OB, DicomBytes.UNDEFINED).item(0).item(4).raw(new byte[4]);
      pair(d.toByteArray(), "Missing sequence delimiter after the last fragment");
    }

    @Test
    void dicmPrefixWithoutThePreamble() throws IOException {
      byte[] full = file().toByteArray();
      ParseResult r = pair(Arrays.copyOfRange(full, 128, full.length),
          "DICM prefix without the 128-byte preamble");
      assertEquals("1.2.3", r.dataset().string(Tag.SOP_INSTANCE_UID).orElseThrow());
    }

    @Test
    void fileMetaInformationWithoutPreambleOrPrefix() throws IOException {
      byte[] full = file().toByteArray();
      ParseResult r = pair(Arrays.copyOfRange(full, 132, full.length),
          "File Meta Information without preamble");
      assertEquals(EXPLICIT_LE, r.transferSyntax().uid());
      assertEquals("1.2.3", r.dataset().string(Tag.SOP_INSTANCE_UID).orElseThrow());
    }

    @Test
    void fileMetaInformationWithoutTransferSyntax() throws IOException {
      for (String ts : List.of(IMPLICIT_LE, EXPLICIT_LE)) {
        byte[] meta = DicomBytes.dataset(EXPLICIT_LE)
            .string(0x00020002, Vr.UI, "1.2.840.10008.5.1.4.1.1.7").toByteArray();
        byte[] dataset = DicomBytes.dataset(ts).string(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3")
            .toByteArray();
        byte[] b = concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII), meta,
            dataset);
        ParseResult r = pair(b, "lacks Transfer Syntax UID");
        assertEquals(ts, r.transferSyntax().uid());
        assertEquals("1.2.3", r.dataset().string(Tag.SOP_INSTANCE_UID).orElseThrow());
      }
    }

    @ParameterizedTest(name = "declared {0}")
    @ValueSource(strings = {EXPLICIT_LE, IMPLICIT_LE})
    void transferSyntaxThatContradictsTheDatasetEncoding(String declared) throws IOException {
      String actual = declared.equals(EXPLICIT_LE) ? IMPLICIT_LE : EXPLICIT_LE;
      byte[] b = DicomBytes.part10(declared, actual).string(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3")
          .string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      ParseResult r = pair(b, "Transfer syntax " + declared + " declares");
      assertEquals(actual, r.transferSyntax().uid());
      assertEquals("A^B", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
    }
  }

  @Nested
  class RefusedInput {
    @Test
    void emptyInput() {
      DicomParseException e = refused(new byte[0], LENIENT);
      assertEquals(Reason.NOT_DICOM, e.reason());
      assertTrue(e.getMessage().contains("@ offset 0"), e.getMessage());
      assertEquals(Reason.NOT_DICOM, assertThrows(DicomParseException.class,
          () -> DicomReader.read(new ByteArrayInputStream(new byte[0]), LENIENT)).reason());
    }

    @Test
    void nonDicomBytes() {
      byte[] text = "%PDF-1.4 this is not a DICOM file at all, just text\n".repeat(10)
          .getBytes(StandardCharsets.US_ASCII);
      assertEquals(Reason.NOT_DICOM, refused(text, LENIENT).reason());
      assertEquals(Reason.NOT_DICOM, refused(new byte[] {0x7F}, LENIENT).reason());
    }

    @Test
    void valueLengthPastTheEndNamesBothNumbersPathAndOffset() {
      DicomBytes d = file();
      d.header(Tag.PATIENT_NAME, Vr.PN, 1000);
      int valueAt = d.datasetOffset() + d.datasetLength();
      d.raw(new byte[10]);
      for (ReadOptions o : List.of(STRICT, LENIENT)) {
        DicomParseException e = refused(d.toByteArray(), o);
        assertEquals(Reason.BAD_LENGTH, e.reason());
        assertEquals("(0010,0010)", e.tagPath());
        assertEquals(valueAt, e.offset());
        assertEquals("Length 1000 exceeds remaining 10 bytes in (0010,0010) @ offset " + valueAt,
            e.getMessage());
      }
    }

    @Test
    void truncatedStreamNamesBothNumbers() {
      DicomBytes d = file();
      d.header(Tag.PATIENT_NAME, Vr.PN, 1000).raw(new byte[10]);
      DicomParseException e = assertThrows(DicomParseException.class,
          () -> DicomReader.read(new ByteArrayInputStream(d.toByteArray()), LENIENT));
      assertEquals(Reason.TRUNCATED, e.reason());
      assertTrue(e.getMessage().contains("length 1000") && e.getMessage().contains("after 10"),
          e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE})
    void hugeDeclaredLength(String ts) {
      DicomBytes d = DicomBytes.part10(ts).string(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3");
      d.header(0x00091010, Vr.OB, 0xFFFFFFF0L).raw(new byte[16]);
      DicomParseException e = refused(d.toByteArray(), LENIENT);
      assertEquals(Reason.BAD_LENGTH, e.reason());
      assertTrue(e.getMessage().contains("4294967280") && e.getMessage().contains("16 bytes")
          && e.getMessage().contains("(0009,1010)"), e.getMessage());
      // From a stream the remaining length is unknown: the value is skipped and found truncated.
      DicomParseException s = assertThrows(DicomParseException.class,
          () -> DicomReader.read(new ByteArrayInputStream(d.toByteArray()), LENIENT));
      assertEquals(Reason.TRUNCATED, s.reason());
      assertTrue(s.getMessage().contains("4294967280"), s.getMessage());
    }

    @Test
    void hugeLengthInsideADeflatedDatasetHitsTheValueLimitBeforeAllocating() {
      DicomBytes d = DicomBytes.part10(DEFLATED_LE).string(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3");
      d.header(0x00091010, Vr.OB, 0xFFFFFFF0L).raw(new byte[16]);
      DicomParseException e = refused(d.toByteArray(), LENIENT);
      assertEquals(Reason.LIMIT_EXCEEDED, e.reason());
      assertTrue(e.getMessage().contains("4294967280"), e.getMessage());
    }

    @Test
    void truncatedInsideAnElementHeader() {
      byte[] full = file().string(Tag.PATIENT_NAME, Vr.PN, "A^B").toByteArray();
      int elementAt = full.length - 12; // 8-byte header + "A^B "
      byte[] cut = Arrays.copyOf(full, elementAt + 6);
      DicomParseException e = refused(cut, LENIENT);
      assertEquals(Reason.TRUNCATED, e.reason());
      assertEquals("(0010,0010)", e.tagPath());
      assertEquals(elementAt, e.offset());
    }

    @Test
    void errorsInsideSequencesNameTheFullTagPath() {
      DicomBytes d = file().beginSequence(SEQ).undefinedItem(i -> i.string(UID_IN_ITEM, Vr.UI,
          "1")).beginItem();
      d.header(UID_IN_ITEM, Vr.UI, 500).raw(new byte[4]);
      DicomParseException e = refused(d.toByteArray(), LENIENT);
      assertEquals("(0008,1140)/1/(0008,1155)", e.tagPath());
      assertTrue(e.getMessage().contains("in (0008,1140)/1/(0008,1155) @ offset"), e.getMessage());
    }

    @Test
    void itemContentOverrunningItsDefinedLength() {
      // The item says 4 bytes but holds a 10-byte element.
      DicomBytes inner = file().nested().string(UID_IN_ITEM, Vr.UI, "12");
      DicomBytes d = file().beginSequence(SEQ).item(4).raw(inner.datasetBytes())
          .sequenceDelimiter();
      DicomParseException e = refused(d.toByteArray(), LENIENT);
      assertEquals(Reason.BAD_LENGTH, e.reason());
      assertTrue(e.getMessage().contains("(0008,1140)/0"), e.getMessage());
    }

    @Test
    void itemTagOutsideASequence() {
      DicomParseException e = refused(file().item(0).toByteArray(), LENIENT);
      assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void fragmentWithUndefinedLength() {
      DicomBytes d = DicomBytes.part10(JPEG_BASELINE).us(Tag.ROWS, 1);
      d.header(Tag.PIXEL_DATA, Vr.OB, DicomBytes.UNDEFINED).item(0).item(DicomBytes.UNDEFINED)
          .sequenceDelimiter();
      assertEquals(Reason.MALFORMED, refused(d.toByteArray(), LENIENT).reason());
    }

    @Test
    void basicOffsetTableNotAMultipleOfFour() {
      DicomBytes d = DicomBytes.part10(JPEG_BASELINE).us(Tag.ROWS, 1);
      d.header(Tag.PIXEL_DATA, Vr.OB, DicomBytes.UNDEFINED).item(2).raw(new byte[2])
          .sequenceDelimiter();
      DicomParseException e = refused(d.toByteArray(), LENIENT);
      assertTrue(e.getMessage().contains("Basic Offset Table length 2"), e.getMessage());
    }

    @Test
    void valueLongerThanTheConfiguredMaximum() {
      DicomBytes d = file().bytes(0x00091010, Vr.OB, new byte[5000]);
      DicomParseException e = refused(d.toByteArray(),
          LENIENT.withBulkThreshold(Integer.MAX_VALUE).withMaxValueLength(4096));
      assertEquals(Reason.LIMIT_EXCEEDED, e.reason());
      assertTrue(e.getMessage().contains("5000") && e.getMessage().contains("4096"),
          e.getMessage());
    }
  }

  // ---- nesting ----

  /** {@code depth} nested undefined-length sequences, each with one undefined-length item. */
  static byte[] deepUndefined(int depth, boolean closed) {
    DicomBytes d = file();
    for (int i = 0; i < depth; i++) {
      d.beginSequence(SEQ).beginItem();
    }
    d.string(UID_IN_ITEM, Vr.UI, "1");
    if (closed) {
      for (int i = 0; i < depth; i++) {
        d.itemDelimiter().sequenceDelimiter();
      }
    }
    return d.toByteArray();
  }

  /** {@code depth} nested defined-length sequences, lengths computed from the inside out. */
  static byte[] deepDefined(int depth) {
    DicomBytes d = file();
    DicomBytes leaf = d.nested().string(UID_IN_ITEM, Vr.UI, "1");
    long[] itemLength = new long[depth];
    long content = leaf.datasetLength();
    for (int level = depth - 1; level >= 0; level--) {
      itemLength[level] = content;
      content = content + 8 + 12; // item header + explicit SQ header
    }
    for (int level = 0; level < depth; level++) {
      d.header(SEQ, Vr.SQ, itemLength[level] + 8).item(itemLength[level]);
    }
    d.raw(leaf.datasetBytes());
    return d.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"undefined", "undefined-unterminated", "defined"})
  void tenThousandNestedSequencesHitTheDepthLimit(String kind) {
    byte[] b = switch (kind) {
      case "undefined" -> deepUndefined(10_000, true);
      case "undefined-unterminated" -> deepUndefined(10_000, false);
      default -> deepDefined(10_000);
    };
    for (ReadOptions o : List.of(STRICT, LENIENT)) {
      DicomParseException e = refused(b, o);
      assertEquals(Reason.LIMIT_EXCEEDED, e.reason());
      assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    }
  }

  @Test
  void nestingUpToTheLimitIsRead() throws IOException {
    Dataset ds = DicomReader.read(deepDefined(64), STRICT).dataset();
    for (int i = 0; i < 63; i++) {
      ds = ds.sequence(SEQ).orElseThrow().item(0);
    }
    assertEquals("1", ds.sequence(SEQ).orElseThrow().item(0).string(UID_IN_ITEM).orElseThrow());
    assertEquals(Reason.LIMIT_EXCEEDED, refused(deepUndefined(65, true), STRICT).reason());
  }

  @Test
  void unknownVrSequencesCountTowardsTheDepthLimit() {
    DicomBytes d = file();
    d.header(0x00091010, Vr.UN, DicomBytes.UNDEFINED).tag(Tag.ITEM).u32(DicomBytes.UNDEFINED);
    for (int i = 1; i < 10_000; i++) {
      // Inside a UN sequence everything is implicit VR little endian (PS3.5 §6.2.2).
      d.tag(0x00091010).u32(DicomBytes.UNDEFINED).tag(Tag.ITEM).u32(DicomBytes.UNDEFINED);
    }
    assertEquals(Reason.LIMIT_EXCEEDED, refused(d.toByteArray(), LENIENT).reason());
  }

  @Test
  void millionsOfEmptyItemsHitTheElementLimitInsteadOfTheHeap() {
    DicomBytes d = file().beginSequence(SEQ);
    for (int i = 0; i < 1000; i++) {
      d.item(0);
    }
    byte[] b = d.sequenceDelimiter().toByteArray();
    DicomParseException e = refused(b, LENIENT.withMaxElements(500));
    assertEquals(Reason.LIMIT_EXCEEDED, e.reason());
    assertTrue(e.getMessage().contains("More than 500 elements and items")
        && e.getMessage().contains("(0008,1140)/"), e.getMessage());
  }

  // ---- deflate bombs ----

  @Test
  void deflateBombHitsTheRatioLimit() {
    DicomBytes d = DicomBytes.part10(DEFLATED_LE).bytes(0x00091010, Vr.OB, new byte[64 << 20]);
    byte[] b = d.toByteArray();
    assertTrue(b.length < 200_000, "compressed to " + b.length);
    DicomParseException e = refused(b, LENIENT.withBulkThreshold(Integer.MAX_VALUE));
    assertEquals(Reason.LIMIT_EXCEEDED, e.reason());
    assertTrue(e.getMessage().contains("deflate ratio"), e.getMessage());
  }

  @Test
  void deflatedDatasetAboveTheSizeLimitIsRefused() {
    byte[] noise = new byte[3 << 20];
    new Random(7).nextBytes(noise);
    byte[] b = DicomBytes.part10(DEFLATED_LE).bytes(0x00091010, Vr.OB, noise).toByteArray();
    DicomParseException e = refused(b, LENIENT.withDeflateLimits(1 << 20, 200));
    assertEquals(Reason.LIMIT_EXCEEDED, e.reason());
    assertTrue(e.getMessage().contains("exceeds limit of 1048576"), e.getMessage());
  }

  @Test
  void corruptDeflateStreamIsMalformed() {
    byte[] b = DicomBytes.part10(DEFLATED_LE).string(Tag.PATIENT_NAME, Vr.PN, "A^B")
        .toByteArray();
    byte[] meta = DicomBytes.part10(DEFLATED_LE).toByteArray();
    Arrays.fill(b, meta.length, b.length, (byte) 0xFF);
    DicomParseException e = refused(b, LENIENT);
    assertEquals(Reason.MALFORMED, e.reason());
  }

  // ---- mutations ----

  static List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    for (String ts : List.of(IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE, DEFLATED_LE)) {
      out.add(DicomReaderTest.typicalHeader(DicomBytes.part10(ts))
          .bytes(Tag.PIXEL_DATA, Vr.OW, new byte[64]).toByteArray());
      out.add(DicomReaderTest.everyVr(DicomBytes.dataset(ts.equals(DEFLATED_LE)
          ? EXPLICIT_LE : ts)).toByteArray());
    }
    out.add(DicomReaderTest.typicalHeader(DicomBytes.part10(JPEG_BASELINE))
        .encapsulatedPixelData(new long[] {0}, new byte[6], new byte[4]).toByteArray());
    return out;
  }

  static Stream<Integer> mutationSeeds() {
    return IntStream.range(0, 400).boxed();
  }

  static byte[] mutate(byte[] base, Random rnd) {
    byte[] b = base.clone();
    switch (rnd.nextInt(5)) {
      case 0 -> {
        for (int i = rnd.nextInt(8) + 1; i > 0; i--) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
      case 2 -> {
        int at = rnd.nextInt(b.length - 4) & ~1;
        int word = rnd.nextBoolean() ? 0xFFFFFFFF : rnd.nextBoolean() ? 0xFFFFFFF0 : rnd.nextInt();
        for (int i = 0; i < 4; i++) {
          b[at + i] = (byte) (word >>> (8 * i));
        }
      }
      case 3 -> {
        int at = rnd.nextInt(b.length);
        byte[] ins = new byte[rnd.nextInt(16) + 1];
        rnd.nextBytes(ins);
        b = concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
      }
      default -> {
        int from = rnd.nextInt(b.length);
        int len = Math.min(b.length - from, rnd.nextInt(32) + 1);
        b = concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, from + len, b.length));
      }
    }
    return b;
  }

  @ParameterizedTest(name = "mutation {0}")
  @MethodSource("mutationSeeds")
  void mutatedFilesGiveADatasetOrADicomParseException(int seed) {
    List<byte[]> bases = seeds();
    Random rnd = new Random(seed * 7919L + 17);
    byte[] input = mutate(bases.get(seed % bases.size()), rnd);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (ReadOptions o : List.of(STRICT, LENIENT, ReadOptions.headerOnly().withBulkThreshold(
          16))) {
        readAndWrite(input, o);
      }
    });
  }

  static void readAndWrite(byte[] input, ReadOptions options) throws IOException {
    try {
      ParseResult r = DicomReader.read(input, options);
      new DicomJsonWriter(new ArrayByteSource(input), 64, BulkDataUris.NONE)
          .toJson(r.dataset());
      ParseResult s = DicomReader.read(new ByteArrayInputStream(input), options);
      new DicomJsonWriter(null, 64, BulkDataUris.NONE).toJson(s.dataset());
    } catch (DicomParseException expected) {
      assertTrue(expected.getMessage().contains("@ offset"), expected.getMessage());
    } catch (RuntimeException | Error e) {
      fail("unexpected " + e, e);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
