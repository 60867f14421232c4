package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightbox dump} and {@code lightbox attr}: output and the exit codes of docs/cli.md. */
class CliTest {
  @TempDir static Path dir;
  static Path dicom;
  static Path notDicom;

  /** Result of one command line run: exit code and what it printed. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Lightbox.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @BeforeAll
  static void files() throws IOException {
    dicom = dir.resolve("ct.dcm");
    Files.write(dicom, smallPart10File());
    notDicom = dir.resolve("notes.txt");
    Files.writeString(notDicom, "just some text, not DICOM\n".repeat(20));
  }

  /** Part 10, explicit VR LE: Image Type, a sequence, Patient Name, 4 bytes of pixel data. */
  static byte[] smallPart10File() {
    Bytes meta = new Bytes()
        .el(0x0002, 0x0001, "OB", new byte[] {0, 1})
        .el(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII));
    Bytes item = new Bytes().el(0x0008, 0x1155, "UI", "1.2.3\0".getBytes(StandardCharsets.US_ASCII));
    Bytes ds = new Bytes()
        .el(0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY".getBytes(StandardCharsets.US_ASCII))
        .tag(0x0008, 0x1140).raw('S', 'Q', 0, 0).u32(8 + item.size())
        .tag(0xFFFE, 0xE000).u32(item.size()).raw(item.toByteArray())
        .el(0x0010, 0x0010, "PN", "Doe^John".getBytes(StandardCharsets.US_ASCII))
        .tag(0x7FE0, 0x0010).raw('O', 'W', 0, 0).u32(4).raw(1, 2, 3, 4);
    Bytes file = new Bytes().raw(new byte[128]).raw('D', 'I', 'C', 'M')
        .el(0x0002, 0x0000, "UL", new byte[] {(byte) meta.size(), 0, 0, 0})
        .raw(meta.toByteArray()).raw(ds.toByteArray());
    return file.toByteArray();
  }

  /** Minimal explicit VR little endian writer for this test's one file. */
  static final class Bytes {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();

    Bytes raw(byte[] bytes) {
      b.write(bytes, 0, bytes.length);
      return this;
    }

    Bytes raw(int... bytes) {
      for (int x : bytes) {
        b.write(x);
      }
      return this;
    }

    Bytes u16(int v) {
      return raw(v & 0xFF, (v >>> 8) & 0xFF);
    }

    Bytes u32(long v) {
      return u16((int) v & 0xFFFF).u16((int) (v >>> 16) & 0xFFFF);
    }

    Bytes tag(int group, int element) {
      return u16(group).u16(element);
    }

    Bytes el(int group, int element, String vr, byte[] value) {
      tag(group, element).raw(vr.charAt(0), vr.charAt(1));
      if (vr.equals("OB")) {
        raw(0, 0).u32(value.length);
      } else {
        u16(value.length);
      }
      return raw(value);
    }

    int size() {
      return b.size();
    }

    byte[] toByteArray() {
      return b.toByteArray();
    }
  }

  @Test
  void dumpPrintsTheDatasetAsDicomJsonWithoutFileMeta() {
    Run r = run("dump", dicom.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals("[00080008, 00081140, 00100010, 7FE00010]", json.keySet().toString());
    assertEquals("Doe^John", json.getAsJsonObject("00100010").getAsJsonArray("Value").get(0)
        .getAsJsonObject().get("Alphabetic").getAsString());
    assertEquals("AQIDBA==", json.getAsJsonObject("7FE00010").get("InlineBinary").getAsString());
  }

  @Test
  void dumpRefersToLargeBinaryValuesInsteadOfInliningThem() {
    Run r = run("dump", "--inline-threshold", "2", dicom.toString());
    assertEquals(0, r.exit(), r.err());
    JsonObject pixel = JsonParser.parseString(r.out()).getAsJsonObject()
        .getAsJsonObject("7FE00010");
    assertFalse(pixel.has("InlineBinary"));
    assertTrue(pixel.get("BulkDataURI").getAsString().startsWith("file:"), pixel.toString());
    assertTrue(pixel.get("BulkDataURI").getAsString().endsWith("&length=4"), pixel.toString());
  }

  @Test
  void attrPrintsOneAttributeInEveryTagForm() {
    for (String tag : new String[] {"PatientName", "00100010", "(0010,0010)", "0010,0010",
        "0x00100010"}) {
      Run r = run("attr", dicom.toString(), tag);
      assertEquals(0, r.exit(), r.err());
      assertEquals("{\"tag\":\"00100010\",\"keyword\":\"PatientName\",\"name\":\"Patient's Name\","
          + "\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"}]}", r.out().strip(), tag);
    }
  }

  @Test
  void attrFollowsSequencePathsAndFindsFileMeta() {
    Run seq = run("attr", dicom.toString(), "ReferencedImageSequence/0/ReferencedSOPInstanceUID");
    assertEquals(0, seq.exit(), seq.err());
    assertTrue(seq.out().contains("\"Value\":[\"1.2.3\"]"), seq.out());
    Run meta = run("attr", dicom.toString(), "TransferSyntaxUID");
    assertEquals(0, meta.exit(), meta.err());
    assertTrue(meta.out().contains("1.2.840.10008.1.2.1"), meta.out());
  }

  @Test
  void absentAttributeExitsOneWithOneLine() {
    Run r = run("attr", dicom.toString(), "PatientID");
    assertEquals(Lightbox.EXIT_NOT_FOUND, r.exit());
    assertEquals("", r.out());
    assertOneLine(r.err(), "not present");
    Run item = run("attr", dicom.toString(), "00081140/5/00081155");
    assertEquals(Lightbox.EXIT_NOT_FOUND, item.exit());
  }

  @Test
  void malformedTagExitsTwoListingTheAcceptedForms() {
    Run r = run("attr", dicom.toString(), "Patient-Name");
    assertEquals(Lightbox.EXIT_USAGE, r.exit());
    assertOneLine(r.err(), "accepted forms");
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(Lightbox.EXIT_USAGE, run("attr", dicom.toString()).exit());
    assertEquals(Lightbox.EXIT_USAGE, run("dump").exit());
    assertEquals(Lightbox.EXIT_USAGE, run("dump", "--no-such-option", dicom.toString()).exit());
    assertEquals(Lightbox.EXIT_USAGE, run("frobnicate").exit());
  }

  @Test
  void invalidDicomExitsThreeWithOneLine() {
    Run dump = run("dump", notDicom.toString());
    assertEquals(Lightbox.EXIT_INVALID_DICOM, dump.exit());
    assertEquals("", dump.out());
    assertOneLine(dump.err(), "invalid DICOM");
    Run attr = run("attr", notDicom.toString(), "PatientName");
    assertEquals(Lightbox.EXIT_INVALID_DICOM, attr.exit());
    assertOneLine(attr.err(), "@ offset 0");
  }

  @Test
  void truncatedDicomExitsThreeNamingTagAndOffset() throws IOException {
    byte[] full = smallPart10File();
    Path cut = dir.resolve("cut.dcm");
    Files.write(cut, java.util.Arrays.copyOf(full, full.length - 2));
    Run r = run("dump", cut.toString());
    assertEquals(Lightbox.EXIT_INVALID_DICOM, r.exit());
    assertOneLine(r.err(), "(7FE0,0010)");
  }

  @Test
  void missingFileIsAUsageError() {
    Run r = run("dump", dir.resolve("absent.dcm").toString());
    assertEquals(Lightbox.EXIT_USAGE, r.exit());
    assertOneLine(r.err(), "no such file");
  }

  private static void assertOneLine(String err, String fragment) {
    String s = err.strip();
    assertFalse(s.isEmpty(), "stderr is empty");
    assertFalse(s.contains("\n"), "more than one line: " + err);
    assertTrue(s.startsWith("lightbox: "), s);
    assertTrue(s.contains(fragment), s);
    assertFalse(s.contains("\tat "), "stack trace: " + s);
  }
}
