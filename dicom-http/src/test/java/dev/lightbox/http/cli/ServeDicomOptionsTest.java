package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.http.dimse.DicomConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --dicom-port/--ae-title/--dicom-peer} and their environment variables. */
class ServeDicomOptionsTest {
  static DicomConfig parse(Map<String, String> env, String... args) {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.dicom(env);
  }

  @Test
  void offByDefaultWithTheDefaultAeTitle() {
    DicomConfig d = parse(Map.of());
    assertFalse(d.enabled());
    assertEquals("LIGHTBOX", d.aeTitle());
    assertTrue(d.peers().isEmpty());
  }

  @Test
  void flagsNamePortTitleAndRepeatablePeers() {
    DicomConfig d = parse(Map.of("LIGHTBOX_DICOM_PEERS", "IGNORED=h:1"), "--dicom-port", "11112",
        "--ae-title", "ARCHIVE", "--dicom-peer", "PACS=pacs.example:104",
        "--dicom-peer", "WS=[::1]:4242");
    assertEquals(Optional.of(11112), d.port());
    assertEquals("ARCHIVE", d.aeTitle());
    assertEquals(Optional.of(new RemoteAe("PACS", "pacs.example", 104)), d.peer("PACS"));
    assertEquals(Optional.of(new RemoteAe("WS", "::1", 4242)), d.peer("WS"));
    assertEquals(2, d.peers().size());
  }

  @Test
  void environmentGivesPeersAsACommaList() {
    DicomConfig d = parse(Map.of("LIGHTBOX_DICOM_PORT", "0", "LIGHTBOX_DICOM_PEERS",
        "A=127.0.0.1:1000, B=host-b:2000"));
    assertEquals(Optional.of(0), d.port());
    assertEquals(Optional.of(new RemoteAe("B", "host-b", 2000)), d.peer("B"));
    assertEquals(2, d.peers().size());
  }

  @Test
  void malformedValuesAreUsageErrors() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--dicom-peer", "PACS@host:104")).getMessage().contains("AET=host:port"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--dicom-peer", "PACS=host:x"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--dicom-port", "70000"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--ae-title", "MUCH_TOO_LONG_AE_TITLE"));
  }
}
