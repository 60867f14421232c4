package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.CallingPeerCheck;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --dicom-peers-only}: an A-ASSOCIATE-RQ is accepted only when its calling AE title is a
 * configured peer and it comes from one of the addresses that peer's host resolved to when the
 * listener started (resolved once: a DNS change needs a restart, and no lookup runs per
 * association). Loopback addresses are equivalent to each other, so a peer configured as {@code
 * localhost}, {@code 127.0.0.1} or {@code ::1} may connect over IPv4 or IPv6 loopback. Refusals
 * are answered by dicom-net with A-ASSOCIATE-RJ 1/1/3 (PS3.8 §9.3.4) and logged with the reason.
 */
public final class ConfiguredPeers implements CallingPeerCheck {
  private static final System.Logger LOG = System.getLogger(ConfiguredPeers.class.getName());

  private final Map<String, Set<InetAddress>> addresses;

  private ConfiguredPeers(Map<String, Set<InetAddress>> addresses) {
    this.addresses = addresses;
  }

  /** Resolves every peer's host now; a host that does not resolve is a startup error. */
  public static ConfiguredPeers resolve(Iterable<DicomPeer> peers) throws IOException {
    Map<String, Set<InetAddress>> out = new HashMap<>();
    for (DicomPeer p : peers) {
      try {
        out.put(p.aeTitle(), Set.copyOf(List.of(InetAddress.getAllByName(p.remote().host()))));
      } catch (UnknownHostException e) {
        throw new IOException("--dicom-peers-only: the host '" + p.remote().host() + "' of peer "
            + p.aeTitle() + " does not resolve", e);
      }
    }
    return new ConfiguredPeers(Map.copyOf(out));
  }

  @Override
  public boolean allows(String callingAeTitle, InetAddress address) {
    Set<InetAddress> known = addresses.get(callingAeTitle);
    if (known == null) {
      LOG.log(Level.INFO, "association from " + address.getHostAddress() + " refused: calling AE "
          + "title '" + callingAeTitle + "' is not a configured peer (--dicom-peers-only)");
      return false;
    }
    for (InetAddress k : known) {
      if (k.equals(address) || (k.isLoopbackAddress() && address.isLoopbackAddress())) {
        return true;
      }
    }
    LOG.log(Level.INFO, "association from " + address.getHostAddress() + " refused: peer '"
        + callingAeTitle + "' is configured at " + known.stream().map(InetAddress::getHostAddress)
        .sorted().toList() + " (--dicom-peers-only)");
    return false;
  }
}
