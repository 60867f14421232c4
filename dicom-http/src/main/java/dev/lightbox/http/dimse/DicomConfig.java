package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The DIMSE side of {@code lightbox serve}: whether the listener runs and on which port, this AE's
 * title, the peers C-MOVE and the send route may send to (by AE title), and how many associations
 * may be open at once. Separate from the HTTP {@code ServerConfig} so the two grow independently.
 *
 * @param port the TCP port, 0 for any free one; empty: the DIMSE listener is off
 */
public record DicomConfig(Optional<Integer> port, String aeTitle, Map<String, RemoteAe> peers,
    int maxAssociations) {
  public static final String DEFAULT_AE_TITLE = "LIGHTBOX";
  public static final int DEFAULT_MAX_ASSOCIATIONS = 32;

  public DicomConfig {
    peers = Map.copyOf(peers);
    if (maxAssociations < 1) {
      throw new IllegalArgumentException("maxAssociations must be at least 1");
    }
  }

  /** Listener off, AE title {@value #DEFAULT_AE_TITLE}, no peers. */
  public static DicomConfig off() {
    return new DicomConfig(Optional.empty(), DEFAULT_AE_TITLE, Map.of(), DEFAULT_MAX_ASSOCIATIONS);
  }

  public boolean enabled() {
    return port.isPresent();
  }

  public DicomConfig withPort(int p) {
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("--dicom-port must be 0..65535, got " + p);
    }
    return new DicomConfig(Optional.of(p), aeTitle, peers, maxAssociations);
  }

  public DicomConfig withAeTitle(String ae) {
    return new DicomConfig(port, ae, peers, maxAssociations);
  }

  /** Adds peers ({@code AET=host:port}); a title given twice keeps the last address. */
  public DicomConfig withPeers(Iterable<RemoteAe> more) {
    Map<String, RemoteAe> all = new LinkedHashMap<>(peers);
    for (RemoteAe p : more) {
      all.put(p.aeTitle(), p);
    }
    return new DicomConfig(port, aeTitle, all, maxAssociations);
  }

  public Optional<RemoteAe> peer(String aeTitle) {
    return Optional.ofNullable(peers.get(aeTitle.strip()));
  }
}
