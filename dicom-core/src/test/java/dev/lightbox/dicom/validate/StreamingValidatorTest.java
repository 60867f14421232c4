package dev.lightbox.dicom.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.testing.Corpus;
import dev.lightbox.dicom.write.DicomWriter;
import dev.lightbox.dicom.write.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The streaming validator gives the whole-file reader's answer ({@code lightbox dump}'s) on every
 * corpus file and on good files cut at many offsets: same refusal reason, tag path, byte offset and
 * message, whatever the slicing of the input.
 */
class StreamingValidatorTest {
  /**
   * Corpus files the reader accepts whose native Pixel Data is shorter than Rows × Columns ×
   * Samples per Pixel × Bits Allocated × Number of Frames requires (PS3.5 §8.1.1): refused by the
   * validator only.
   */
  static final List<String> SHORT_PIXEL_DATA = List.of();

  @Test
  void everyCorpusFileGetsTheReadersAnswer() throws Exception {
    Path root = Corpus.shared();
    List<Path> files;
    try (Stream<Path> a = Files.walk(root.resolve("peers"));
        Stream<Path> b = Files.walk(root.resolve("pydicom"))) {
      files = Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
    }
    List<String> differences = new ArrayList<>();
    List<String> shortPixels = new ArrayList<>();
    int refused = 0;
    Random slices = new Random(13);
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      String expected = ValidatorOracle.reader(bytes);
      String actual = ValidatorOracle.streamed(bytes, slices);
      String name = root.relativize(f).toString();
      if (expected.equals(ValidatorOracle.ACCEPTED) && actual.contains("Pixel Data length")) {
        shortPixels.add(name);
      } else if (!expected.equals(actual)) {
        differences.add(name + ":\n  reader    " + expected + "\n  streaming " + actual);
      }
      if (!actual.equals(ValidatorOracle.ACCEPTED)) {
        refused++;
      }
    }
    assertEquals(List.of(), differences);
    assertEquals(SHORT_PIXEL_DATA, shortPixels);
    assertEquals(323, files.size(), "corpus files");
    assertEquals(20, refused, "corpus files refused (the reader's count, which dcmtk agrees on)");
  }

  /**
   * Whole 64 KiB slices, the first of them read in place (not copied) inside a larger buffer:
   * the same answers as the reader for every corpus file.
   */
  @Test
  void whole64KiBSlicesReadInPlaceGetTheReadersAnswer() throws Exception {
    Path root = Corpus.shared();
    List<Path> files;
    try (Stream<Path> a = Files.walk(root.resolve("peers"));
        Stream<Path> b = Files.walk(root.resolve("pydicom"))) {
      files = Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
    }
    List<String> differences = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      String expected = ValidatorOracle.reader(bytes);
      String actual = ValidatorOracle.streamedInPlace(bytes, 7, 65536);
      if (!expected.equals(actual) && !(expected.equals(ValidatorOracle.ACCEPTED)
          && actual.contains("Pixel Data length"))) {
        differences.add(root.relativize(f) + ":\n  reader    " + expected + "\n  in place  " + actual);
      }
    }
    assertEquals(List.of(), differences);
  }

  /**
   * Good files, from the corpus and rewritten by the project's writer in every native encoding
   * (both sequence length forms, deflated) and as encapsulated pixel data, cut at many offsets.
   */
  @Test
  void goodFilesCutAnywhereGetTheReadersAnswer() throws Exception {
    Map<String, byte[]> bases = baseFiles();
    List<String> differences = new ArrayList<>();
    Map<String, Integer> refusedBy = new TreeMap<>();
    int cases = 0;
    Random offsets = new Random(42);
    Random slices = new Random(7);
    for (Map.Entry<String, byte[]> base : bases.entrySet()) {
      byte[] whole = base.getValue();
      assertEquals(ValidatorOracle.ACCEPTED, ValidatorOracle.reader(whole), base.getKey());
      for (int cut : cutOffsets(whole.length, offsets)) {
        byte[] file = Arrays.copyOf(whole, cut);
        String expected = ValidatorOracle.reader(file);
        String actual = ValidatorOracle.streamed(file, slices);
        cases++;
        if (!expected.equals(actual)) {
          differences.add(base.getKey() + " cut at " + cut + ":\n  reader    " + expected
              + "\n  streaming " + actual);
        }
        if (!actual.equals(ValidatorOracle.ACCEPTED)) {
          refusedBy.merge(actual.substring(0, actual.indexOf(' ')), 1, Integer::sum);
        }
      }
    }
    assertEquals(List.of(), differences.subList(0, Math.min(20, differences.size())),
        differences.size() + " differences");
    assertEquals(18, bases.size(), "base files");
    assertEquals(29_835, cases, "cut files");
    assertEquals("{BAD_LENGTH=14014, MALFORMED=4052, NOT_DICOM=419, TRUNCATED=6665}",
        refusedBy.toString(), "refusals by reason");
  }

  @Test
  void refusesAFileWhosePixelDataIsShorterThanTheImageNeeds() throws Exception {
    // CT_small: 128 x 128, 1 sample, 16 bits allocated, 1 frame: 32768 bytes of Pixel Data.
    byte[] file = Files.readAllBytes(Corpus.shared().resolve("pydicom/test_files/CT_small.dcm"));
    ParseResult parsed = DicomReader.read(file, ReadOptions.headerOnly());
    long pixelAt = parsed.endOffset();
    // Declare 2 bytes less and drop them: the structure stays consistent, the image does not.
    int lengthAt = (int) pixelAt + 8;
    int valueEnd = lengthAt + 4 + 32768;
    byte[] shorter = new byte[file.length - 2];
    System.arraycopy(file, 0, shorter, 0, valueEnd - 2);
    System.arraycopy(file, valueEnd, shorter, valueEnd - 2, file.length - valueEnd);
    int declared = (shorter[lengthAt] & 0xFF) | (shorter[lengthAt + 1] & 0xFF) << 8
        | (shorter[lengthAt + 2] & 0xFF) << 16 | (shorter[lengthAt + 3] & 0xFF) << 24;
    assertEquals(32768, declared);
    int less = declared - 2;
    shorter[lengthAt] = (byte) less;
    shorter[lengthAt + 1] = (byte) (less >> 8);
    assertEquals(ValidatorOracle.ACCEPTED, ValidatorOracle.reader(shorter));
    StreamingValidator v = new StreamingValidator(ReadOptions.defaults());
    v.update(shorter, 0, shorter.length);
    DicomParseException e = assertThrows(DicomParseException.class, v::finish);
    assertEquals(DicomParseException.Reason.BAD_LENGTH, e.reason());
    assertEquals("(7FE0,0010)", e.tagPath());
    assertEquals(pixelAt + 12, e.offset());
    assertTrue(e.getMessage().contains("32766") && e.getMessage().contains("32768"),
        e.getMessage());
  }

  private static Map<String, byte[]> baseFiles() throws Exception {
    Path files = Corpus.shared().resolve("pydicom/test_files");
    Map<String, byte[]> bases = new LinkedHashMap<>();
    for (String name : List.of("CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm",
        "image_dfl.dcm", "UN_sequence.dcm", "nested_priv_SQ.dcm", "SC_rgb_rle_2frame.dcm",
        "JPEG2000.dcm")) {
      bases.put(name, Files.readAllBytes(files.resolve(name)));
    }
    // Rewritten by the writer: sequences (rtplan) in every native encoding and length form.
    byte[] rtplan = bases.get("rtplan.dcm");
    ParseResult plan = DicomReader.read(rtplan, ReadOptions.defaults());
    for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
      for (WriteOptions.Lengths lengths : WriteOptions.Lengths.values()) {
        bases.put("rtplan as " + ts.name() + ", " + lengths,
            write(plan, rtplan, ts, lengths));
      }
    }
    // Encapsulated pixel data (fragments) and an image, with both length forms.
    for (String name : List.of("SC_rgb_rle_2frame.dcm", "CT_small.dcm")) {
      byte[] original = bases.get(name);
      ParseResult read = DicomReader.read(original, ReadOptions.defaults());
      for (WriteOptions.Lengths lengths : WriteOptions.Lengths.values()) {
        bases.put(name + " rewritten, " + lengths,
            write(read, original, read.transferSyntax(), lengths));
      }
    }
    return bases;
  }

  private static byte[] write(ParseResult read, byte[] source, TransferSyntax ts,
      WriteOptions.Lengths lengths) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, read.fileMeta(), read.dataset(), ts, new ArrayByteSource(source),
        WriteOptions.defaults().withLengths(lengths));
    return out.toByteArray();
  }

  /** Every offset of the first 1,536 bytes (preamble, meta, header), then 250 random ones. */
  private static int[] cutOffsets(int length, Random r) {
    int dense = Math.min(length, 1536);
    int[] cuts = new int[dense + 250];
    for (int i = 0; i < dense; i++) {
      cuts[i] = i;
    }
    for (int i = 0; i < 250; i++) {
      cuts[dense + i] = r.nextInt(length);
    }
    return cuts;
  }
}
