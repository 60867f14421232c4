package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.dimse.DicomPeer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code serve --dicom-port/--ae-title/--dicom-peer/--dicom-peers-only/--pn-case-insensitive} and
 * their environment variables.
 */
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
    assertFalse(d.peersOnly());
  }

  @Test
  void peersNameTheirTenantAfterTheAddress() {
    DicomConfig d = parse(Map.of(), "--dicom-peer", "PACS=pacs.example:104@radiology",
        "--dicom-peer", "WS=[::1]:4242@cardio-2", "--dicom-peer", "CT=10.0.0.7:11112");
    assertEquals(Optional.of(new DicomPeer(new RemoteAe("PACS", "pacs.example", 104),
        "radiology")), d.configuredPeer("PACS"));
    assertEquals(Optional.of(new DicomPeer(new RemoteAe("WS", "::1", 4242), "cardio-2")),
        d.configuredPeer("WS"));
    assertEquals("default", d.configuredPeer("CT").orElseThrow().tenant());
    assertEquals(Optional.of(new RemoteAe("PACS", "pacs.example", 104)), d.peer("PACS"));
  }

  @Test
  void peersOnlyIsAFlagOrAnEnvironmentBoolean() {
    assertTrue(parse(Map.of(), "--dicom-peers-only").peersOnly());
    assertFalse(parse(Map.of("LIGHTBOX_DICOM_PEERS_ONLY", "true"), "--dicom-peers-only=false")
        .peersOnly());
    assertTrue(parse(Map.of("LIGHTBOX_DICOM_PEERS_ONLY", "yes")).peersOnly());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--dicom-peers-only=maybe")).getMessage().contains("--dicom-peers-only"));
  }

  @Test
  void authenticationRequiredAdmitsConfiguredPeersOnlyUnlessToldOtherwise() {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs("--dicom-peer", "CT=127.0.0.1:11112");
    assertTrue(cmd.underAccessControl(cmd.dicom(Map.of()), true, Map.of()).peersOnly());
    assertFalse(cmd.underAccessControl(cmd.dicom(Map.of()), false, Map.of()).peersOnly());
    Map<String, String> off = Map.of("LIGHTBOX_DICOM_PEERS_ONLY", "false");
    assertFalse(cmd.underAccessControl(cmd.dicom(off), true, off).peersOnly());
    ServeCommand flagged = new ServeCommand();
    new CommandLine(flagged).parseArgs("--dicom-peers-only=false");
    assertFalse(flagged.underAccessControl(flagged.dicom(Map.of()), true, Map.of()).peersOnly());
  }

  @Test
  void personNameCaseInsensitivityIsAServiceSetting() {
    assertFalse(config(Map.of()).services().personNamesCaseInsensitive());
    assertTrue(config(Map.of(), "--pn-case-insensitive").services()
        .personNamesCaseInsensitive());
    assertTrue(config(Map.of("LIGHTBOX_PN_CASE_INSENSITIVE", "true")).services()
        .personNamesCaseInsensitive());
    assertFalse(config(Map.of("LIGHTBOX_PN_CASE_INSENSITIVE", "true"),
        "--pn-case-insensitive=false").services().personNamesCaseInsensitive());
  }

  static dev.lightbox.http.ServerConfig config(Map<String, String> env, String... args) {
    ServeCommand cmd = new ServeCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.config(env);
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
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--dicom-peer", "PACS=host:104@")).getMessage().contains("tenant"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--dicom-peer", "PACS=host:104@two words"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--dicom-peer", "PACS=host:x"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--dicom-port", "70000"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
        "--ae-title", "MUCH_TOO_LONG_AE_TITLE"));
  }
}
