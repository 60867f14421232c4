package dev.lightbox.dicom.net.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.part10.Part10Prefix;
import dev.lightbox.dicom.net.testing.Processes;
import dev.lightbox.dicom.net.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command sets (PS3.7 §6.3, §E.1), identifiers and File Meta Information, checked by dcmdump. */
class CommandTest {
  @TempDir Path dir;

  @Test
  void echoRequestHasTheStandardLayoutAndGroupLength() {
    byte[] b = Commands.echo(7).encode();
    // (0000,0000) UL 4 = 56: 8+18 (UI, NUL padded) + 3 x (8+2) (US).
    assertArrayEquals(new byte[] {0, 0, 0, 0, 4, 0, 0, 0, 56, 0, 0, 0}, java.util.Arrays.copyOf(b,
        12));
    assertEquals(12 + 56, b.length);
    assertEquals(0, b[12 + 26 - 1], "UI padded with NUL");
  }

  @Test
  void dcmdumpReadsOurCommandSetAsImplicitLittleEndian() throws Exception {
    Tools.requireTool("dcmdump");
    Command c = Commands.store(3, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", "MOVER", 9);
    Path f = dir.resolve("command.bin");
    Files.write(f, c.encode());
    String dump = Processes.run(Duration.ofSeconds(30), "dcmdump", "-f", "-ti", "-Un",
        f.toString()).output();
    assertTrue(dump.contains("(0000,0000) UL " + (c.encode().length - 12)), dump);
    assertTrue(dump.contains("(0000,0100) US 1 "), dump);
    assertTrue(dump.contains("(0000,1000) UI [1.2.3.4.5]"), dump);
    assertTrue(dump.contains("(0000,1030) AE [MOVER]"), dump);
    assertTrue(dump.contains("(0000,1031) US 9 "), dump);
  }

  @Test
  void decodeRoundTripsAndRefusesBadElements() throws Exception {
    Command c = Commands.response(Commands.echo(5), Status.of(0xA700, "disk full"), false);
    Command back = Command.decode(c.encode());
    assertEquals(CommandField.C_ECHO_RSP, back.field());
    assertEquals(5, back.messageIdBeingRespondedTo());
    assertEquals(new Status(0xA700, "disk full"), back.status());
    assertEquals(false, back.hasDataSet());

    byte[] outside = {8, 0, 0x18, 0, 0, 0, 0, 0};
    CommandFormatException e = assertThrows(CommandFormatException.class,
        () -> Command.decode(outside));
    assertEquals("Command set: element outside group 0000 at (0008,0018) @ offset 0",
        e.getMessage());
    byte[] tooLong = {0, 0, 0, 1, 100, 0, 0, 0, 1, 0};
    assertTrue(assertThrows(CommandFormatException.class, () -> Command.decode(tooLong))
        .getMessage().contains("length 100 exceeds remaining 2 bytes"));
    byte[] badUs = {0, 0, 0, 1, 4, 0, 0, 0, 1, 0, 0, 0};
    assertTrue(assertThrows(CommandFormatException.class, () -> Command.decode(badUs))
        .getMessage().contains("US value of 4 bytes, expected 2"));
  }

  @Test
  void identifierEncodingIsReadBackByDcmdumpInBothSyntaxes() throws Exception {
    Tools.requireTool("dcmdump");
    Dataset item = new DatasetBuilder().addString(Tag.PATIENT_ID, Vr.LO, "OTHER").build();
    Dataset ds = new DatasetBuilder().addString(0x00080052, Vr.CS, "STUDY")
        .addString(Tag.PATIENT_NAME, Vr.PN, "Doe^J*")
        .add(0x00101002, Vr.SQ, new Sequence(List.of(item)))
        .add(Tag.STUDY_INSTANCE_UID, Vr.UI, new byte[0]).build();
    for (String ts : List.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1")) {
      Path f = dir.resolve("id.dcm");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Part10Prefix.write(out, "1.2.840.10008.5.1.4.1.2.2.1", "1.2.3", ts, "TEST");
      out.writeBytes(DatasetEncoder.encode(ds, ts));
      Files.write(f, out.toByteArray());
      Processes.Result r = Processes.run(Duration.ofSeconds(30), "dcmdump", "-Un", "+L",
          f.toString());
      assertEquals(0, r.exitCode(), r.output());
      String dump = r.output();
      assertTrue(dump.contains("(0002,0010) UI [" + ts + "]"), dump);
      assertTrue(dump.contains("(0002,0012) UI [2.25."), dump);
      assertTrue(dump.contains("(0008,0052) CS [STUDY]"), dump);
      assertTrue(dump.contains("(0010,0010) PN [Doe^J*]"), dump);
      assertTrue(dump.contains("(0010,1002) SQ (Sequence with undefined length #=1)"), dump);
      assertTrue(dump.contains("    (0010,0020) LO [OTHER]"), dump);
      assertTrue(dump.contains("(0020,000d) UI (no value available)"), dump);
      assertTrue(!dump.contains("W:") && !dump.contains("E:"), dump);
    }
  }
}
