package dev.lightbox.dicom.io;

import static dev.lightbox.dicom.testing.DicomBytes.DEFLATED_LE;
import static dev.lightbox.dicom.testing.DicomBytes.EXPLICIT_BE;
import static dev.lightbox.dicom.testing.DicomBytes.EXPLICIT_LE;
import static dev.lightbox.dicom.testing.DicomBytes.IMPLICIT_LE;
import static dev.lightbox.dicom.testing.DicomBytes.JPEG_BASELINE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.dicom.testing.DicomBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader on inputs built byte by byte (PS3.5 §7, PS3.10 §7). */
class DicomReaderTest {
  private static final int IMAGE_TYPE = 0x00080008;
  private static final int REFERENCED_IMAGE_SEQUENCE = 0x00081140;
  private static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
  private static final int ICON_IMAGE_SEQUENCE = 0x00880200;
  private static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
  private static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;

  static ParseResult read(byte[] bytes) throws IOException {
    return DicomReader.read(bytes, ReadOptions.defaults().withStrictness(Strictness.STRICT));
  }

  static JsonObject json(ParseResult r, ByteSource source) throws IOException {
    String s = new DicomJsonWriter(source, Integer.MAX_VALUE, BulkDataUris.NONE)
        .toJson(r.dataset());
    return JsonParser.parseString(s).getAsJsonObject();
  }

  /** A small image header in any encoding: strings, numbers, a nested sequence. */
  static DicomBytes typicalHeader(DicomBytes d) {
    return d.string(IMAGE_TYPE, Vr.CS, "ORIGINAL\\PRIMARY\\AXIAL")
        .string(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3.4")
        .string(Tag.MODALITY, Vr.CS, "CT")
        .beginSequence(REFERENCED_IMAGE_SEQUENCE)
        .undefinedItem(i -> i.string(REFERENCED_SOP_INSTANCE_UID, Vr.UI, "1.2.3.5"))
        .definedItem(i -> i.string(REFERENCED_SOP_INSTANCE_UID, Vr.UI, "1.2.3.6"))
        .sequenceDelimiter()
        .string(Tag.PATIENT_NAME, Vr.PN, "Doe^John")
        .string(Tag.PATIENT_ID, Vr.LO, "ID-1")
        .us(Tag.ROWS, 512)
        .us(Tag.COLUMNS, 256)
        .string(0x00281050, Vr.DS, "40\\-600.5");
  }

  static void assertTypicalHeader(Dataset ds) {
    assertEquals(List.of("ORIGINAL", "PRIMARY", "AXIAL"), ds.strings(IMAGE_TYPE));
    assertEquals("1.2.3.4", ds.string(Tag.SOP_INSTANCE_UID).orElseThrow());
    assertEquals("Doe", ds.personName(Tag.PATIENT_NAME).orElseThrow().familyName());
    assertEquals(512, ds.integer(Tag.ROWS, -1));
    assertEquals(256, ds.integer(Tag.COLUMNS, -1));
    assertArrayEquals(new double[] {40, -600.5}, ds.doubles(0x00281050));
    Sequence seq = ds.sequence(REFERENCED_IMAGE_SEQUENCE).orElseThrow();
    assertEquals(2, seq.size());
    assertEquals("1.2.3.5", seq.item(0).string(REFERENCED_SOP_INSTANCE_UID).orElseThrow());
    assertEquals("1.2.3.6", seq.item(1).string(REFERENCED_SOP_INSTANCE_UID).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE, DEFLATED_LE, JPEG_BASELINE})
  void readsPart10InEveryDatasetEncoding(String ts) throws IOException {
    byte[] file = typicalHeader(DicomBytes.part10(ts)).toByteArray();
    ParseResult r = read(file);
    assertEquals(ts, r.transferSyntax().uid());
    assertEquals(ts, r.fileMeta().string(Tag.TRANSFER_SYNTAX_UID).orElseThrow());
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertTypicalHeader(r.dataset());
    assertFalse(r.dataset().contains(Tag.TRANSFER_SYNTAX_UID), "meta is not in the dataset");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE})
  void detectsTheEncodingOfBareDatasets(String ts) throws IOException {
    byte[] bare = typicalHeader(DicomBytes.dataset(ts)).toByteArray();
    ParseResult r = read(bare);
    assertEquals(ts, r.transferSyntax().uid());
    assertTrue(r.fileMeta().isEmpty());
    assertEquals(0, r.datasetOffset());
    assertTypicalHeader(r.dataset());
  }

  @Test
  void readsTheSameDatasetFromAStreamAndFromAByteSource() throws IOException {
    byte[] file = typicalHeader(DicomBytes.part10(EXPLICIT_LE))
        .bytes(0x00091010, Vr.OB, new byte[200])
        .bytes(Tag.PIXEL_DATA, Vr.OW, new byte[4096]).toByteArray();
    ReadOptions options = ReadOptions.defaults().withBulkThreshold(100);
    ParseResult fromSource = DicomReader.read(file, options);
    ParseResult fromStream = DicomReader.read(new ByteArrayInputStream(file), options);
    assertEquals(fromSource.endOffset(), fromStream.endOffset());
    assertEquals(json(fromSource, null).toString(), json(fromStream, null).toString());
    // Large values become the same references either way.
    assertEquals(fromSource.dataset().value(Tag.PIXEL_DATA),
        fromStream.dataset().value(Tag.PIXEL_DATA));
    assertInstanceOf(BulkDataRef.class, fromStream.dataset().value(Tag.PIXEL_DATA).orElseThrow());
  }

  // ---- every VR of PS3.5 Table 6.2-1 ----

  static DicomBytes everyVr(DicomBytes d) {
    int g = 0x77770000;
    return d.string(g | 0x01, Vr.AE, "STORESCP")
        .string(g | 0x02, Vr.AS, "045Y")
        .at(g | 0x03, Tag.PATIENT_NAME, Tag.PIXEL_DATA)
        .string(g | 0x04, Vr.CS, "A\\B")
        .string(g | 0x05, Vr.DA, "20240131")
        .string(g | 0x06, Vr.DS, "1.5\\-2E3")
        .string(g | 0x07, Vr.DT, "20240131123000.5")
        .fd(g | 0x08, 3.25, -0.5)
        .fl(g | 0x09, 1.5f)
        .string(g | 0x0A, Vr.IS, "42\\-7")
        .string(g | 0x0B, Vr.LO, "Long string")
        .string(g | 0x0C, Vr.LT, "Long text\\with backslash")
        .bytes(g | 0x0D, Vr.OB, new byte[] {1, 2, 3, 4})
        .binary(g | 0x0E, Vr.OD, 8, Double.doubleToRawLongBits(2.5))
        .binary(g | 0x0F, Vr.OF, 4, Float.floatToRawIntBits(-1.25f))
        .binary(g | 0x10, Vr.OL, 4, 0x01020304L)
        .binary(g | 0x11, Vr.OV, 8, 0x0102030405060708L)
        .binary(g | 0x12, Vr.OW, 2, 0x0102, 0x0304)
        .string(g | 0x13, Vr.PN, "Doe^Jane^^Dr")
        .string(g | 0x14, Vr.SH, "short")
        .sl(g | 0x15, -5, 70000)
        .ss(g | 0x16, -3)
        .string(g | 0x17, Vr.ST, "short text")
        .sv(g | 0x18, -9_000_000_000_000_000L)
        .string(g | 0x19, Vr.TM, "123000")
        .string(g | 0x1A, Vr.UC, "unlimited\\characters")
        .string(g | 0x1B, Vr.UI, "1.2.840.10008.1.2")
        .ul(g | 0x1C, 4_000_000_000L)
        .bytes(g | 0x1D, Vr.UN, new byte[] {9, 8})
        .string(g | 0x1E, Vr.UR, "http://example.com/a b")
        .us(g | 0x1F, 65535)
        .string(g | 0x20, Vr.UT, "unlimited text")
        .uv(g | 0x21, -1L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {EXPLICIT_LE, EXPLICIT_BE})
  void readsEveryValueRepresentationThroughTheAccessors(String ts) throws IOException {
    Dataset ds = read(everyVr(DicomBytes.part10(ts)).toByteArray()).dataset();
    int g = 0x77770000;
    assertEquals(Vr.values().length - 1, ds.size(), "one attribute per VR except SQ");
    assertEquals(List.of("STORESCP"), ds.strings(g | 0x01));
    assertEquals(List.of("045Y"), ds.strings(g | 0x02));
    assertEquals(List.of("00100010", "7FE00010"), ds.strings(g | 0x03));
    assertEquals(List.of("A", "B"), ds.strings(g | 0x04));
    assertEquals(java.time.LocalDate.of(2024, 1, 31), ds.date(g | 0x05).orElseThrow());
    assertArrayEquals(new double[] {1.5, -2000}, ds.doubles(g | 0x06));
    assertEquals("20240131123000.5", ds.string(g | 0x07).orElseThrow());
    assertArrayEquals(new double[] {3.25, -0.5}, ds.doubles(g | 0x08));
    assertArrayEquals(new double[] {1.5}, ds.doubles(g | 0x09));
    assertArrayEquals(new long[] {42, -7}, ds.longs(g | 0x0A));
    assertEquals("Long string", ds.string(g | 0x0B).orElseThrow());
    assertEquals(List.of("Long text\\with backslash"), ds.strings(g | 0x0C), "LT is one value");
    assertArrayEquals(new byte[] {1, 2, 3, 4}, ds.bytes(g | 0x0D).orElseThrow());
    assertArrayEquals(new double[] {2.5}, ds.doubles(g | 0x0E));
    assertArrayEquals(new double[] {-1.25}, ds.doubles(g | 0x0F));
    assertEquals(Vr.OV, ds.vr(g | 0x11).orElseThrow());
    assertEquals("Jane", ds.personName(g | 0x13).orElseThrow().givenName());
    assertArrayEquals(new long[] {-5, 70000}, ds.longs(g | 0x15));
    assertArrayEquals(new long[] {-3}, ds.longs(g | 0x16));
    assertArrayEquals(new long[] {-9_000_000_000_000_000L}, ds.longs(g | 0x18));
    assertEquals(List.of("unlimited", "characters"), ds.strings(g | 0x1A), "UC is multi-valued");
    assertEquals("1.2.840.10008.1.2", ds.string(g | 0x1B).orElseThrow());
    assertArrayEquals(new long[] {4_000_000_000L}, ds.longs(g | 0x1C));
    assertEquals(Vr.UN, ds.vr(g | 0x1D).orElseThrow());
    assertEquals(List.of("http://example.com/a b"), ds.strings(g | 0x1E));
    assertArrayEquals(new long[] {65535}, ds.longs(g | 0x1F));
    assertEquals("unlimited text", ds.string(g | 0x20).orElseThrow());
    assertEquals(List.of("18446744073709551615"), ds.strings(g | 0x21), "UV is unsigned");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {EXPLICIT_LE, EXPLICIT_BE})
  void writesEveryValueRepresentationAsDicomJson(String ts) throws IOException {
    JsonObject j = json(read(everyVr(DicomBytes.part10(ts)).toByteArray()), null);
    assertEquals("[\"STORESCP\"]", value(j, "77770001"));
    assertEquals("[\"00100010\",\"7FE00010\"]", value(j, "77770003"));
    assertEquals("[1.5,-2E+3]", value(j, "77770006"));
    assertEquals("[3.25,-0.5]", value(j, "77770008"));
    assertEquals("[1.5]", value(j, "77770009"));
    assertEquals("[42,-7]", value(j, "7777000A"));
    assertEquals(b64(1, 2, 3, 4), inline(j, "7777000D"));
    // InlineBinary is little endian whatever the transfer syntax (PS3.18 F.2.7).
    assertEquals(b64(4, 3, 2, 1), inline(j, "77770010"));
    assertEquals(b64(8, 7, 6, 5, 4, 3, 2, 1), inline(j, "77770011"));
    assertEquals(b64(2, 1, 4, 3), inline(j, "77770012"));
    assertEquals("[{\"Alphabetic\":\"Doe^Jane^^Dr\"}]", value(j, "77770013"));
    assertEquals("[-5,70000]", value(j, "77770015"));
    assertEquals("[-9000000000000000]", value(j, "77770018"));
    assertEquals("[\"unlimited\",\"characters\"]", value(j, "7777001A"));
    assertEquals("[4000000000]", value(j, "7777001C"));
    assertEquals(b64(9, 8), inline(j, "7777001D"));
    assertEquals("[\"http://example.com/a b\"]", value(j, "7777001E"));
    assertEquals("[65535]", value(j, "7777001F"));
    assertEquals("[\"unlimited text\"]", value(j, "77770020"));
    assertEquals("[18446744073709551615]", value(j, "77770021"));
    for (String key : j.keySet()) {
      String vr = j.getAsJsonObject(key).get("vr").getAsString();
      assertTrue(Vr.fromCode(vr).isPresent(), key + " " + vr);
    }
    assertEquals(Vr.values().length - 1, j.size(), "one attribute per VR except SQ");
  }

  private static String value(JsonObject j, String tag) {
    return j.getAsJsonObject(tag).get("Value").toString();
  }

  private static String inline(JsonObject j, String tag) {
    return j.getAsJsonObject(tag).get("InlineBinary").getAsString();
  }

  private static String b64(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Base64.getEncoder().encodeToString(b);
  }

  // ---- sequences ----

  @Test
  void readsUnknownVrWithUndefinedLengthAsAnImplicitLittleEndianSequence() throws IOException {
    // PS3.5 §6.2.2: a UN value of undefined length is a sequence in implicit VR little endian,
    // even inside an explicit VR big endian dataset.
    DicomBytes inner = DicomBytes.dataset(IMPLICIT_LE);
    inner.beginItem().string(REFERENCED_SOP_INSTANCE_UID, Vr.UI, "9.8.7").itemDelimiter()
        .sequenceDelimiter();
    for (String ts : List.of(EXPLICIT_LE, EXPLICIT_BE)) {
      DicomBytes d = DicomBytes.part10(ts);
      d.header(REFERENCED_IMAGE_SEQUENCE, Vr.UN, DicomBytes.UNDEFINED).raw(inner.datasetBytes())
          .string(Tag.PATIENT_NAME, Vr.PN, "After^Sequence");
      Dataset ds = read(d.toByteArray()).dataset();
      assertEquals(Vr.SQ, ds.vr(REFERENCED_IMAGE_SEQUENCE).orElseThrow(), ts);
      assertEquals("9.8.7", TagPath.parse("00081140/0/00081155").resolve(ds).orElseThrow()
          .owner().string(REFERENCED_SOP_INSTANCE_UID).orElseThrow());
      assertEquals("After^Sequence", ds.string(Tag.PATIENT_NAME).orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE})
  void readsNestedSequencesWithDefinedAndUndefinedLengths(String ts) throws IOException {
    DicomBytes d = DicomBytes.part10(ts);
    d.definedSequence(0x00400275, s -> s.definedItem(item -> item
        .string(0x00400007, Vr.LO, "outer")
        .beginSequence(0x00400008)
        .undefinedItem(inner -> inner
            .definedSequence(0x00081140, s2 -> s2.undefinedItem(
                deepest -> deepest.string(REFERENCED_SOP_INSTANCE_UID, Vr.UI, "1.9"))))
        .sequenceDelimiter()));
    Dataset ds = read(d.toByteArray()).dataset();
    TagPath path = TagPath.parse("00400275/0/00400008/0/00081140/0/00081155");
    assertEquals("1.9", path.resolve(ds).orElseThrow().owner()
        .string(REFERENCED_SOP_INSTANCE_UID).orElseThrow());
    assertEquals("outer", TagPath.parse("00400275/0/00400007").resolve(ds).orElseThrow()
        .owner().string(0x00400007).orElseThrow());
  }

  @Test
  void readsEmptySequencesAndEmptyItems() throws IOException {
    DicomBytes d = DicomBytes.part10(EXPLICIT_LE);
    d.beginSequence(0x00081140).sequenceDelimiter()
        .definedSequence(0x00082112, new byte[0])
        .beginSequence(0x00400275).beginItem().itemDelimiter().item(0).sequenceDelimiter();
    Dataset ds = read(d.toByteArray()).dataset();
    assertEquals(0, ds.sequence(0x00081140).orElseThrow().size());
    Sequence two = ds.sequence(0x00400275).orElseThrow();
    assertEquals(2, two.size());
    assertTrue(two.item(0).isEmpty() && two.item(1).isEmpty());
  }

  @Test
  void readsPrivateCreatorsAndPrivateDataInImplicitVr() throws IOException {
    DicomBytes d = DicomBytes.part10(IMPLICIT_LE);
    d.string(0x00090010, Vr.LO, "ACME 1.0")
        .bytes(0x00091001, Vr.UN, new byte[] {1, 2, 3, 4})
        .string(0x00291010, Vr.LO, "OTHER");
    Dataset ds = read(d.toByteArray()).dataset();
    assertEquals(Vr.LO, ds.vr(0x00090010).orElseThrow());
    assertEquals("ACME 1.0", ds.string(0x00090010).orElseThrow());
    assertEquals(Vr.UN, ds.vr(0x00091001).orElseThrow());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, ds.bytes(0x00091001).orElseThrow());
    JsonObject j = json(read(d.toByteArray()), null);
    assertEquals("LO", j.getAsJsonObject("00090010").get("vr").getAsString());
  }

  @Test
  void readsRetiredAndUnknownStandardTagsInImplicitVr() throws IOException {
    DicomBytes d = DicomBytes.part10(IMPLICIT_LE);
    d.string(0x00080040, Vr.US, "\u0001\u0000") // Data Set Type (retired, US)
        .bytes(0x00080041 + 0x0300, Vr.UN, new byte[] {5, 6}); // (0008,0341): not in PS3.6
    Dataset ds = read(d.toByteArray()).dataset();
    assertEquals(Vr.US, ds.vr(0x00080040).orElseThrow());
    assertEquals(1, ds.integer(0x00080040, -1));
    assertEquals(Vr.UN, ds.vr(0x00080341).orElseThrow());
  }

  @Test
  void itemsInheritTheCharacterSetUnlessTheyDeclareTheirOwn() throws IOException {
    // PS3.5 §7.5.3: an item without (0008,0005) uses the enclosing dataset's character set.
    DicomBytes d = DicomBytes.part10(EXPLICIT_LE).textCharset(StandardCharsets.UTF_8);
    d.string(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
        .beginSequence(0x00081140)
        .undefinedItem(i -> i.string(Tag.PATIENT_NAME, Vr.PN, "Müller^Zoë"))
        .undefinedItem(i -> i.string(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 100")
            .text(Tag.PATIENT_NAME, Vr.PN, "Gräf^Jörg".getBytes(StandardCharsets.ISO_8859_1)))
        .sequenceDelimiter()
        .string(Tag.PATIENT_NAME, Vr.PN, "山田^太郎");
    Dataset ds = read(d.toByteArray()).dataset();
    Sequence seq = ds.sequence(0x00081140).orElseThrow();
    assertEquals("Müller^Zoë", seq.item(0).string(Tag.PATIENT_NAME).orElseThrow());
    assertEquals("Gräf^Jörg", seq.item(1).string(Tag.PATIENT_NAME).orElseThrow());
    assertEquals("山田^太郎", ds.string(Tag.PATIENT_NAME).orElseThrow());
  }

  // ---- large values ----

  @Test
  void stopsBeforePixelDataWhenAskedForTheHeaderOnly() throws IOException {
    DicomBytes d = typicalHeader(DicomBytes.part10(EXPLICIT_LE));
    int pixelAt = d.datasetOffset() + d.datasetLength();
    d.bytes(Tag.PIXEL_DATA, Vr.OW, new byte[1000]).bytes(0xFFFAFFFA, Vr.OB, new byte[2]);
    ParseResult r = DicomReader.read(d.toByteArray(), ReadOptions.headerOnly());
    assertTrue(r.stoppedEarly());
    assertEquals(pixelAt, r.endOffset());
    assertFalse(r.dataset().contains(Tag.PIXEL_DATA));
    assertTypicalHeader(r.dataset());
    ParseResult all = DicomReader.read(d.toByteArray(), ReadOptions.defaults());
    assertFalse(all.stoppedEarly());
    assertTrue(all.dataset().contains(0xFFFAFFFA));
  }

  @Test
  void keepsValuesAboveTheBulkThresholdInTheSourceAsReadableReferences(@TempDir Path dir)
      throws IOException {
    byte[] pixels = new byte[5000];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31);
    }
    DicomBytes d = typicalHeader(DicomBytes.part10(EXPLICIT_LE));
    int valueAt = d.datasetOffset() + d.datasetLength() + 12;
    d.bytes(Tag.PIXEL_DATA, Vr.OW, pixels);
    Path file = dir.resolve("x.dcm");
    Files.write(file, d.toByteArray());
    try (FileByteSource source = FileByteSource.open(file)) {
      ParseResult r = DicomReader.read(source, ReadOptions.defaults().withBulkThreshold(1024));
      BulkDataRef ref = (BulkDataRef) r.dataset().value(Tag.PIXEL_DATA).orElseThrow();
      assertEquals(new BulkDataRef(valueAt, pixels.length), ref);
      assertArrayEquals(pixels, source.readBytes(ref.offset(), (int) ref.length()));
      assertTypicalHeader(r.dataset());
    }
  }

  @Test
  void readsEncapsulatedFragmentsWithTheirBasicOffsetTable() throws IOException {
    byte[] f1 = {(byte) 0xFF, (byte) 0xD8, 1, 2};
    byte[] f2 = {3, 4, 5, (byte) 0xD9};
    byte[] f3 = {6, 7};
    DicomBytes d = DicomBytes.part10(JPEG_BASELINE);
    d.us(Tag.ROWS, 8);
    int pixelValueAt = d.datasetOffset() + d.datasetLength() + 12;
    d.encapsulatedPixelData(new long[] {0, 20}, f1, f2, f3);
    byte[] file = d.toByteArray();
    ParseResult r = read(file);
    Fragments frags = (Fragments) r.dataset().value(Tag.PIXEL_DATA).orElseThrow();
    assertArrayEquals(new long[] {0, 20}, frags.basicOffsetTable());
    assertEquals(3, frags.fragments().size());
    long firstFragmentAt = pixelValueAt + 8 + 8 + 8; // BOT item header + 8 BOT bytes + item header
    assertEquals(new BulkDataRef(firstFragmentAt, 4), frags.fragments().get(0));
    ArrayByteSource source = new ArrayByteSource(file);
    assertArrayEquals(f2, source.readBytes(frags.fragments().get(1).offset(), 4));
    assertArrayEquals(f3, source.readBytes(frags.fragments().get(2).offset(), 2));
  }

  @Test
  void readsTheExtendedOffsetTableBeforeEncapsulatedPixelData() throws IOException {
    // PS3.3 C.7.6.3.1.8: Extended Offset Table (7FE0,0001) OV and its lengths (7FE0,0002) OV.
    DicomBytes d = DicomBytes.part10(RLE_SYNTAX);
    d.binary(EXTENDED_OFFSET_TABLE, Vr.OV, 8, 0, 14)
        .binary(EXTENDED_OFFSET_TABLE_LENGTHS, Vr.OV, 8, 6, 2)
        .encapsulatedPixelData(new long[0], new byte[6], new byte[2]);
    Dataset ds = read(d.toByteArray()).dataset();
    assertEquals(Vr.OV, ds.vr(EXTENDED_OFFSET_TABLE).orElseThrow());
    byte[] eot = ds.bytes(EXTENDED_OFFSET_TABLE).orElseThrow();
    assertEquals(16, eot.length);
    assertEquals(14, eot[8]);
    assertEquals(Vr.OV, ds.vr(EXTENDED_OFFSET_TABLE_LENGTHS).orElseThrow());
    Fragments frags = (Fragments) ds.value(Tag.PIXEL_DATA).orElseThrow();
    assertEquals(0, frags.basicOffsetTableLength());
    assertEquals(2, frags.fragments().size());
  }

  private static final String RLE_SYNTAX = DicomBytes.RLE;

  @Test
  void readsEncapsulatedIconPixelDataInsideAnItem() throws IOException {
    // Icon Image Sequence pixel data uses the file's transfer syntax (PS3.5 §8.2), so in a JPEG
    // file it is encapsulated inside an item.
    DicomBytes d = DicomBytes.part10(JPEG_BASELINE);
    d.beginSequence(ICON_IMAGE_SEQUENCE)
        .undefinedItem(i -> i.us(Tag.ROWS, 64).encapsulatedPixelData(new long[0], new byte[10]))
        .sequenceDelimiter()
        .encapsulatedPixelData(new long[0], new byte[4]);
    Dataset ds = read(d.toByteArray()).dataset();
    Dataset icon = ds.sequence(ICON_IMAGE_SEQUENCE).orElseThrow().item(0);
    assertEquals(64, icon.integer(Tag.ROWS, -1));
    assertInstanceOf(Fragments.class, icon.value(Tag.PIXEL_DATA).orElseThrow());
    assertInstanceOf(Fragments.class, ds.value(Tag.PIXEL_DATA).orElseThrow());
  }

  @Test
  void readsADeflatedDataset() throws IOException {
    DicomBytes d = typicalHeader(DicomBytes.part10(DEFLATED_LE)).bytes(Tag.PIXEL_DATA, Vr.OB,
        new byte[100_000]);
    byte[] file = d.toByteArray();
    assertTrue(file.length < 10_000, "deflate happened");
    ParseResult r = DicomReader.read(file, ReadOptions.defaults().withBulkThreshold(10));
    assertTypicalHeader(r.dataset());
    // Inflated offsets cannot be read back from the source, so large values are loaded.
    assertEquals(100_000, r.dataset().bytes(Tag.PIXEL_DATA).orElseThrow().length);
  }

  // ---- memory ----

  /** A stream of a header followed by a pixel data element of {@code pixelLength} zero bytes. */
  static InputStream hugePixelStream(long pixelLength) {
    DicomBytes d = typicalHeader(DicomBytes.part10(EXPLICIT_LE))
        .header(Tag.PIXEL_DATA, Vr.OW, pixelLength);
    byte[] head = d.toByteArray();
    return new InputStream() {
      long pos;
      final long total = head.length + pixelLength;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - pos);
        for (int i = 0; i < n; i++) {
          long p = pos + i;
          b[off + i] = p < head.length ? head[(int) p] : 0;
        }
        pos += n;
        return n;
      }
    };
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void aHeaderOnlyReadOfAStreamDoesNotTouchAHugePixelDataElement() throws IOException {
    long before = allocatedBytes();
    ParseResult r = DicomReader.read(hugePixelStream(0xFFFFFFF0L), ReadOptions.headerOnly());
    long allocated = allocatedBytes() - before;
    assertTrue(r.stoppedEarly());
    assertTypicalHeader(r.dataset());
    assertTrue(allocated < 8L << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void aFullReadOfAStreamSkipsLargeValuesWithoutAllocatingThem() throws IOException {
    long length = 600L << 20;
    long before = allocatedBytes();
    ParseResult r = DicomReader.read(hugePixelStream(length), ReadOptions.defaults());
    long allocated = allocatedBytes() - before;
    BulkDataRef ref = (BulkDataRef) r.dataset().value(Tag.PIXEL_DATA).orElseThrow();
    assertEquals(length, ref.length());
    assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes");
  }
}
