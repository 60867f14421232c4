package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The DIMSE side of {@code lightbox serve}: whether the listener runs and on which port, this AE's
 * title, the configured peers (by AE title: where C-MOVE and the send route may send to, and with
 * {@code peersOnly} the only AEs that may associate), and how many associations may be open at
 * once. Separate from the HTTP {@code ServerConfig} so the two grow independently.
 *
 * @param port the TCP port, 0 for any free one; empty: the DIMSE listener is off
 * @param peersOnly refuse an A-ASSOCIATE-RQ whose calling AE title is not a configured peer or
 *     that comes from another address than the peer's host ({@link ConfiguredPeers})
 */
public record DicomConfig(Optional<Integer> port, String aeTitle, Map<String, DicomPeer> peers,
    int maxAssociations, boolean peersOnly) {
  public static final String DEFAULT_AE_TITLE = "LIGHTBOX";
  public static final int DEFAULT_MAX_ASSOCIATIONS = 32;

  public DicomConfig {
    peers = Map.copyOf(peers);
    if (maxAssociations < 1) {
      throw new IllegalArgumentException("maxAssociations must be at least 1");
    }
  }

  /** Listener off, AE title {@value #DEFAULT_AE_TITLE}, no peers, any AE may associate. */
  public static DicomConfig off() {
    return new DicomConfig(Optional.empty(), DEFAULT_AE_TITLE, Map.of(), DEFAULT_MAX_ASSOCIATIONS,
        false);
  }

  public boolean enabled() {
    return port.isPresent();
  }

  public DicomConfig withPort(int p) {
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("--dicom-port must be 0..65535, got " + p);
    }
    return new DicomConfig(Optional.of(p), aeTitle, peers, maxAssociations, peersOnly);
  }

  public DicomConfig withAeTitle(String ae) {
    return new DicomConfig(port, ae, peers, maxAssociations, peersOnly);
  }

  /** Adds peers of the default tenant; a title given twice keeps the last address. */
  public DicomConfig withPeers(Iterable<RemoteAe> more) {
    Map<String, DicomPeer> all = new LinkedHashMap<>(peers);
    for (RemoteAe p : more) {
      all.put(p.aeTitle(), DicomPeer.of(p));
    }
    return new DicomConfig(port, aeTitle, all, maxAssociations, peersOnly);
  }

  /** Adds peers ({@code AET=host:port@tenant}); a title given twice keeps the last entry. */
  public DicomConfig withDicomPeers(Iterable<DicomPeer> more) {
    Map<String, DicomPeer> all = new LinkedHashMap<>(peers);
    for (DicomPeer p : more) {
      all.put(p.aeTitle(), p);
    }
    return new DicomConfig(port, aeTitle, all, maxAssociations, peersOnly);
  }

  /** Only configured peers may associate (the auth engineer's {@code --auth required} sets it). */
  public DicomConfig withPeersOnly(boolean only) {
    return new DicomConfig(port, aeTitle, peers, maxAssociations, only);
  }

  /** Where the peer of this AE title listens (C-MOVE destinations, send targets). */
  public Optional<RemoteAe> peer(String aeTitle) {
    return configuredPeer(aeTitle).map(DicomPeer::remote);
  }

  /** The configured peer of this AE title, with its tenant. */
  public Optional<DicomPeer> configuredPeer(String aeTitle) {
    return Optional.ofNullable(peers.get(aeTitle.strip()));
  }
}
