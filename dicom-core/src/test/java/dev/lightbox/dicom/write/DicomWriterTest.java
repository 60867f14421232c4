package dev.lightbox.dicom.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Strictness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DicomWriterTest {
  private static final TransferSyntax EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
  private static final TransferSyntax IMPLICIT = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
  private static final ReadOptions STRICT = ReadOptions.defaults()
      .withStrictness(Strictness.STRICT);

  private static Dataset sample() {
    Dataset inner = new DatasetBuilder()
        .addStrings(Tag.REFERENCED_SOP_CLASS_UID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2")
        .addStrings(Tag.REFERENCED_SOP_INSTANCE_UID, Vr.UI, "1.2.3.4.5").build();
    Dataset item = new DatasetBuilder()
        .addSequence(Tag.REFERENCED_IMAGE_SEQUENCE, inner, Dataset.EMPTY)
        .addStrings(Tag.INSTANCE_NUMBER, Vr.IS, "7").build();
    return new DatasetBuilder()
        .addStrings(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
        .addStrings(Tag.IMAGE_TYPE, Vr.CS, "ORIGINAL", "PRIMARY")
        .addStrings(Tag.SOP_CLASS_UID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7")
        .addStrings(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3.4")
        .addSequence(0x00081115, item)
        .addSequence(0x00081250)
        .addStrings(Tag.PATIENT_NAME, Vr.PN, "Müller^Zoë")
        .addStrings(Tag.PATIENT_ID, Vr.LO, "")
        .addIntegers(Tag.ROWS, Vr.US, 2)
        .addIntegers(Tag.COLUMNS, Vr.US, 2)
        .addFloats(0x00189087, Vr.FD, 1000.5)
        .addTags(0x00209165, Tag.PATIENT_NAME)
        .addBytes(Tag.PIXEL_DATA, Vr.OW, new byte[] {1, 0, 2, 0, 3, 0, 4, 0})
        .build();
  }

  private static byte[] file(Dataset ds, TransferSyntax ts, WriteOptions options)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, Dataset.EMPTY, ds, ts, null, options);
    return out.toByteArray();
  }

  private static ParseResult readBack(byte[] bytes) throws IOException {
    ParseResult r = DicomReader.read(bytes, STRICT);
    assertEquals(List.of(), r.problems());
    return r;
  }

  @Test
  void partTenFileHasPreambleMagicAndMetaGroupWithCorrectGroupLength() throws IOException {
    byte[] bytes = file(sample(), EXPLICIT, WriteOptions.defaults());
    assertArrayEquals(new byte[128], Arrays.copyOf(bytes, 128));
    assertEquals("DICM", new String(bytes, 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
    // (0002,0000) UL 4 <value>, PS3.10 §7.1: the bytes of group 0002 after this element.
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x0002, b.getShort(132));
    assertEquals(0x0000, b.getShort(134));
    assertEquals("UL", new String(bytes, 136, 2, java.nio.charset.StandardCharsets.US_ASCII));
    long groupLength = b.getInt(140) & 0xFFFFFFFFL;
    ParseResult r = readBack(bytes);
    assertEquals(144 + groupLength, r.datasetOffset());
    Dataset meta = r.fileMeta();
    assertEquals(EXPLICIT.uid(), meta.string(Tag.TRANSFER_SYNTAX_UID).orElseThrow());
    assertEquals("1.2.840.10008.5.1.4.1.1.7",
        meta.string(Tag.MEDIA_STORAGE_SOP_CLASS_UID).orElseThrow());
    assertEquals("1.2.3.4", meta.string(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID).orElseThrow());
    assertArrayEquals(new byte[] {0, 1}, meta.bytes(Tag.FILE_META_INFORMATION_VERSION)
        .orElseThrow());
    assertEquals(FileMetaInformation.IMPLEMENTATION_CLASS_UID,
        meta.string(Tag.IMPLEMENTATION_CLASS_UID).orElseThrow());
  }

  @Test
  void everyEncodingAndLengthFormReadsBackToTheSameContent() throws IOException {
    Dataset ds = sample();
    for (TransferSyntax ts : List.of(EXPLICIT, IMPLICIT, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
      for (WriteOptions.Lengths lengths : WriteOptions.Lengths.values()) {
        byte[] bytes = file(ds, ts, WriteOptions.defaults().withLengths(lengths));
        ParseResult r = readBack(bytes);
        assertEquals(ts.uid(), r.transferSyntax().uid(), ts + " " + lengths);
        DatasetAssertions.assertSameContent(ds, null, r.dataset(), new ArrayByteSource(bytes),
            ts + " " + lengths);
        assertEquals("Müller^Zoë", r.dataset().string(Tag.PATIENT_NAME).orElseThrow());
      }
    }
  }

  @Test
  void oddLengthValuesArePaddedWithTheVrPaddingByte() throws IOException {
    Dataset ds = new DatasetBuilder()
        .add(Tag.SOP_INSTANCE_UID, Vr.UI, "1.2.3".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .add(Tag.PATIENT_NAME, Vr.PN, "Doe".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .add(0x00091001, Vr.OB, new byte[] {7})
        .build();
    byte[] bytes = DicomWriter.datasetBytes(ds, EXPLICIT);
    // (0008,0018) UI 6 "1.2.3\0"; (0010,0010) PN 4 "Doe "; (0009,1001) OB 00 00 2 [07 00].
    assertArrayEquals(concat(
        new byte[] {8, 0, 0x18, 0, 'U', 'I', 6, 0, '1', '.', '2', '.', '3', 0},
        new byte[] {9, 0, 1, 0x10, 'O', 'B', 0, 0, 2, 0, 0, 0, 7, 0},
        new byte[] {0x10, 0, 0x10, 0, 'P', 'N', 4, 0, 'D', 'o', 'e', ' '}), bytes);
  }

  @Test
  void emptyValuesAndEmptySequencesHaveZeroLength() throws IOException {
    Dataset ds = new DatasetBuilder().addSequence(0x00081250)
        .addStrings(Tag.PATIENT_ID, Vr.LO, "").build();
    assertArrayEquals(concat(
        new byte[] {8, 0, 0x50, 0x12, 'S', 'Q', 0, 0, 0, 0, 0, 0},
        new byte[] {0x10, 0, 0x20, 0, 'L', 'O', 0, 0}), DicomWriter.datasetBytes(ds, EXPLICIT));
    assertArrayEquals(concat(
        new byte[] {8, 0, 0x50, 0x12, 0, 0, 0, 0},
        new byte[] {0x10, 0, 0x20, 0, 0, 0, 0, 0}), DicomWriter.datasetBytes(ds, IMPLICIT));
  }

  @Test
  void undefinedLengthSequencesUseItemAndSequenceDelimiters() throws IOException {
    Dataset item = new DatasetBuilder().addStrings(Tag.INSTANCE_NUMBER, Vr.IS, "1").build();
    Dataset ds = new DatasetBuilder().addSequence(0x00081115, item).build();
    // PS3.5 §7.5.2, Table 7.5-3: SQ FFFFFFFF, item FFFFFFFF, element, item delimiter, sequence
    // delimiter.
    assertArrayEquals(concat(
        new byte[] {8, 0, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1},
        new byte[] {-2, -1, 0, -32, -1, -1, -1, -1},
        new byte[] {0x20, 0, 0x13, 0, 'I', 'S', 2, 0, '1', ' '},
        new byte[] {-2, -1, 0x0D, -32, 0, 0, 0, 0},
        new byte[] {-2, -1, -35, -32, 0, 0, 0, 0}), DicomWriter.datasetBytes(ds, EXPLICIT));
  }

  @Test
  void definedLengthSequencesCountItemsAndNestedSequences() throws IOException {
    Dataset leaf = new DatasetBuilder().addStrings(Tag.INSTANCE_NUMBER, Vr.IS, "1").build();
    Dataset middle = new DatasetBuilder().addSequence(Tag.REFERENCED_IMAGE_SEQUENCE, leaf)
        .build();
    Dataset ds = new DatasetBuilder().addSequence(0x00081115, middle).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeDataset(out, ds, IMPLICIT,
        null, WriteOptions.defaults().withLengths(WriteOptions.Lengths.DEFINED));
    // Implicit VR: leaf element 8+2 = 10; inner item 8+10 = 18; inner SQ 8+18 = 26;
    // outer item 8+26 = 34; outer SQ value 34 (PS3.5 Table 7.5-1).
    assertArrayEquals(concat(
        new byte[] {8, 0, 0x15, 0x11, 34, 0, 0, 0},
        new byte[] {-2, -1, 0, -32, 26, 0, 0, 0},
        new byte[] {8, 0, 0x40, 0x11, 18, 0, 0, 0},
        new byte[] {-2, -1, 0, -32, 10, 0, 0, 0},
        new byte[] {0x20, 0, 0x13, 0, 2, 0, 0, 0, '1', ' '}), out.toByteArray());
  }

  @Test
  void commandGroupLengthIsComputedForImplicitCommandSets() throws IOException {
    // PS3.7 §9.3.5: a C-ECHO-RQ command set, group length first, implicit VR LE.
    Dataset command = new DatasetBuilder()
        .addIntegers(Tag.COMMAND_GROUP_LENGTH, Vr.UL, 0)
        .addStrings(0x00000002, Vr.UI, "1.2.840.10008.1.1")
        .addIntegers(0x00000100, Vr.US, 0x0030)
        .addIntegers(0x00000110, Vr.US, 1)
        .addIntegers(0x00000800, Vr.US, 0x0101).build();
    byte[] bytes = DicomWriter.datasetBytes(command, IMPLICIT);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(4, b.getInt(4));
    assertEquals(bytes.length - 12, b.getInt(8));
    // 18-byte UID padded to 18 + 3 US elements of 10 bytes: 8+18 + 3*10 = 56.
    assertEquals(56, b.getInt(8));
  }

  @Test
  void bigEndianValuesAreSwappedPerValueWhenTranscoding() throws IOException {
    Dataset ds = new DatasetBuilder()
        .addIntegers(Tag.ROWS, Vr.US, 0x0102)
        .addTags(0x00209165, 0x00100020)
        .addBytes(0x00091001, Vr.OB, new byte[] {1, 2}).build();
    byte[] be = DicomWriter.datasetBytes(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    assertArrayEquals(concat(
        new byte[] {0, 9, 0x10, 1, 'O', 'B', 0, 0, 0, 0, 0, 2, 1, 2},
        new byte[] {0, 0x20, -111, 0x65, 'A', 'T', 0, 4, 0, 0x10, 0, 0x20},
        new byte[] {0, 0x28, 0, 0x10, 'U', 'S', 0, 2, 1, 2}), be);
    Dataset readBe = readBack(file(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
        WriteOptions.defaults())).dataset();
    byte[] le = DicomWriter.datasetBytes(readBe, EXPLICIT);
    assertArrayEquals(DicomWriter.datasetBytes(ds, EXPLICIT), le);
  }

  @Test
  void longValueOfShortHeaderVrIsWrittenAsUnInExplicitVr() throws IOException {
    byte[] value = new byte[70_000];
    Arrays.fill(value, (byte) 'A');
    Dataset ds = new DatasetBuilder().add(0x00091010, Vr.LT, value).build();
    byte[] bytes = DicomWriter.datasetBytes(ds, EXPLICIT);
    assertEquals("UN", new String(bytes, 4, 2, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(70_000, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
    assertEquals(12 + 70_000, bytes.length);
  }

  @Test
  void bulkValuesAndFragmentsAreStreamedFromTheSource() throws IOException {
    byte[] src = new byte[300_000];
    for (int i = 0; i < src.length; i++) {
      src[i] = (byte) (i * 31);
    }
    ArrayByteSource source = new ArrayByteSource(src);
    Dataset nativeDs = new DatasetBuilder()
        .add(Tag.PIXEL_DATA, Vr.OW, new BulkDataRef(1000, 200_000)).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeDataset(out, nativeDs, EXPLICIT, source, WriteOptions.defaults());
    byte[] bytes = out.toByteArray();
    assertArrayEquals(Arrays.copyOfRange(src, 1000, 201_000),
        Arrays.copyOfRange(bytes, 12, bytes.length));

    Fragments fragments = new Fragments(new long[] {0, 108},
        List.of(new BulkDataRef(0, 100), new BulkDataRef(5000, 71_000)));
    Dataset encapsulated = new DatasetBuilder().add(Tag.PIXEL_DATA, Vr.OB, fragments).build();
    out.reset();
    DicomWriter.writeDataset(out, encapsulated, TransferSyntax.JPEG_BASELINE, source,
        WriteOptions.defaults());
    byte[] enc = out.toByteArray();
    ParseResult r = DicomReader.read(concat(part10Header(TransferSyntax.JPEG_BASELINE), enc),
        STRICT);
    DatasetAssertions.assertSameContent(encapsulated, source, r.dataset(),
        new ArrayByteSource(concat(part10Header(TransferSyntax.JPEG_BASELINE), enc)), "");
  }

  @Test
  void refusesToChangeThePixelDataEncoding() {
    Fragments fragments = new Fragments(new long[0], List.of(new BulkDataRef(0, 4)));
    Dataset encapsulated = new DatasetBuilder().add(Tag.PIXEL_DATA, Vr.OB, fragments).build();
    DicomWriteException e = assertThrows(DicomWriteException.class,
        () -> DicomWriter.writeDataset(new ByteArrayOutputStream(), encapsulated, EXPLICIT,
            new ArrayByteSource(new byte[4]), WriteOptions.defaults()));
    assertEquals("(7FE0,0010)", e.tagPath());
    assertTrue(e.getMessage().contains("without decoding"), e.getMessage());
    Dataset nativeDs = new DatasetBuilder().addBytes(Tag.PIXEL_DATA, Vr.OW, new byte[4]).build();
    assertThrows(DicomWriteException.class,
        () -> DicomWriter.datasetBytes(nativeDs, TransferSyntax.RLE_LOSSLESS));
  }

  @Test
  void bulkReferenceWithoutSourceIsRefusedWithItsPath() {
    Dataset inner = new DatasetBuilder().add(0x00091001, Vr.OB, new BulkDataRef(0, 10)).build();
    Dataset ds = new DatasetBuilder().addSequence(0x00081115, inner).build();
    DicomWriteException e = assertThrows(DicomWriteException.class,
        () -> DicomWriter.datasetBytes(ds, EXPLICIT));
    assertEquals("(0008,1115)/0/(0009,1001)", e.tagPath());
  }

  @Test
  void keepsTheGivenMetaGroupButNamesTheSyntaxWritten() throws IOException {
    Dataset meta = new DatasetBuilder()
        .addStrings(Tag.TRANSFER_SYNTAX_UID, Vr.UI, IMPLICIT.uid())
        .addStrings(Tag.IMPLEMENTATION_CLASS_UID, Vr.UI, "1.2.3.999")
        .addStrings(Tag.SOURCE_APPLICATION_ENTITY_TITLE, Vr.AE, "MODALITY").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, meta, sample(), EXPLICIT, null, WriteOptions.defaults());
    Dataset written = readBack(out.toByteArray()).fileMeta();
    assertEquals(EXPLICIT.uid(), written.string(Tag.TRANSFER_SYNTAX_UID).orElseThrow());
    assertEquals("1.2.3.999", written.string(Tag.IMPLEMENTATION_CLASS_UID).orElseThrow());
    assertEquals("MODALITY", written.string(Tag.SOURCE_APPLICATION_ENTITY_TITLE).orElseThrow());
  }

  private static byte[] part10Header(TransferSyntax ts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, Dataset.EMPTY, Dataset.EMPTY, ts, null, WriteOptions.defaults());
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
