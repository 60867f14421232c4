package dev.lightbox.http.dimse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.RemoteAe;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --dicom-peers-only}: calling AE title and TCP address against the configured peers. */
class ConfiguredPeersTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // a literal: no DNS lookup
  }

  @Test
  void aPeerMayAssociateFromItsHostOnly() throws Exception {
    ConfiguredPeers peers = ConfiguredPeers.resolve(List.of(
        DicomPeers.parse("PACS=192.0.2.10:104@radiology"),
        DicomPeers.parse("WS=[2001:db8::7]:4242")));
    assertTrue(peers.allows("PACS", ip("192.0.2.10")));
    assertFalse(peers.allows("PACS", ip("192.0.2.11")));
    assertFalse(peers.allows("PACS", ip("127.0.0.1")));
    assertTrue(peers.allows("WS", ip("2001:db8:0:0:0:0:0:7")));
    assertFalse(peers.allows("WS", ip("192.0.2.10")));
    assertFalse(peers.allows("OTHER", ip("192.0.2.10")), "not a configured AE title");
    assertFalse(peers.allows("pacs", ip("192.0.2.10")), "AE titles are case-sensitive");
  }

  @Test
  void loopbackAddressesAreEquivalent() throws Exception {
    ConfiguredPeers peers = ConfiguredPeers.resolve(List.of(
        DicomPeer.of(new RemoteAe("V4", "127.0.0.1", 104)),
        DicomPeer.of(new RemoteAe("V6", "::1", 104))));
    for (String from : List.of("127.0.0.1", "127.0.0.2", "::1")) {
      assertTrue(peers.allows("V4", ip(from)), from);
      assertTrue(peers.allows("V6", ip(from)), from);
    }
    assertFalse(peers.allows("V4", ip("192.0.2.1")));
  }

  @Test
  void aHostThatDoesNotResolveStopsTheStart() {
    // RFC 6761: names under .invalid never resolve.
    IOException e = assertThrows(IOException.class, () -> ConfiguredPeers.resolve(List.of(
        DicomPeers.parse("PACS=pacs.lightbox-test.invalid:104"))));
    assertTrue(e.getMessage().contains("PACS") && e.getMessage().contains("does not resolve"),
        e.getMessage());
  }
}
