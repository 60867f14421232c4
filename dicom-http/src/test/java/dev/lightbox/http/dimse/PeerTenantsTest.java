package dev.lightbox.http.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.service.Tenant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which tenant an association acts in, and which Move Destinations it may name (docs/dimse.md). */
class PeerTenantsTest {
  private static final List<DicomPeer> PEERS = List.of(
      DicomPeers.parse("CT=10.0.0.1:104@radiology"),
      DicomPeers.parse("LAB=10.0.0.2:104@pathology"),
      DicomPeers.parse("WS=10.0.0.3:104"));

  @Test
  void underPeersOnlyAnAssociationActsInItsPeersTenant() {
    PeerTenants t = new PeerTenants(DicomConfig.off().withPeersOnly(true).withDicomPeers(PEERS));
    assertEquals(Tenant.of("radiology"), t.of("CT"));
    assertEquals(Tenant.of("pathology"), t.of("LAB"));
    assertEquals(Tenant.DEFAULT, t.of("WS"));
    assertEquals(Optional.of(new RemoteAe("CT", "10.0.0.1", 104)), t.resolve("CT", "CT"));
    assertEquals(Optional.empty(), t.resolve("CT", "LAB"), "another tenant's peer is unknown");
    assertEquals(Optional.empty(), t.resolve("WS", "CT"));
    assertEquals(Optional.empty(), t.resolve("CT", "NOBODY"));
  }

  @Test
  void withoutPeersOnlyEverythingIsTheDefaultTenant() {
    // The calling AE title is then unchecked, so it cannot be trusted to choose a tenant.
    PeerTenants t = new PeerTenants(DicomConfig.off().withDicomPeers(PEERS));
    assertEquals(Tenant.DEFAULT, t.of("CT"));
    assertEquals(Optional.of(new RemoteAe("LAB", "10.0.0.2", 104)), t.resolve("CT", "LAB"));
  }
}
