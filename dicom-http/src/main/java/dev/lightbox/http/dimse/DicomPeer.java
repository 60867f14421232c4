package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.RemoteAe;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A configured peer AE: where it listens (C-MOVE destinations and sends go there; with {@code
 * --dicom-peers-only} only peers may associate, from that host) and the tenant it belongs to.
 * Under {@code --dicom-peers-only} the peer's associations act in its tenant ({@link PeerTenants}).
 */
public record DicomPeer(RemoteAe remote, String tenant) {
  public static final String DEFAULT_TENANT = "default";
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public DicomPeer {
    Objects.requireNonNull(remote, "remote");
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must be 1-64 letters, digits, '.', '_' or '-' "
          + "starting with a letter or digit, got '" + tenant + "'");
    }
  }

  /** A peer of the default tenant. */
  public static DicomPeer of(RemoteAe remote) {
    return new DicomPeer(remote, DEFAULT_TENANT);
  }

  public String aeTitle() {
    return remote.aeTitle();
  }
}
