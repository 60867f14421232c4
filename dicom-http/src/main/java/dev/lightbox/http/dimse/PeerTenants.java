package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.dicom.net.service.DestinationResolver;
import dev.lightbox.service.Tenant;
import java.util.Optional;

/**
 * Which tenant a DIMSE association acts in (docs/dimse.md, docs/security.md). Under {@code
 * --dicom-peers-only} every association comes from a configured peer ({@link ConfiguredPeers}
 * checks its AE title and address), and it acts in that peer's tenant ({@code AET=host:port@tenant}):
 * its C-STOREs land there, its C-FIND, C-MOVE and C-GET see only that tenant's instances, and a
 * C-MOVE may only name a destination of the same tenant (another is refused as unknown, A801,
 * PS3.4 C.4.2.1.3). Without peers-only the calling AE title is not authenticated, so nothing can
 * be trusted to pick a tenant: everything is the default tenant, as under {@code --auth none}.
 */
public final class PeerTenants implements DestinationResolver {
  private final DicomConfig config;

  public PeerTenants(DicomConfig config) {
    this.config = config;
  }

  /** The tenant of an association whose calling AE title is {@code callingAeTitle}. */
  public Tenant of(String callingAeTitle) {
    if (!config.peersOnly()) {
      return Tenant.DEFAULT;
    }
    return config.configuredPeer(callingAeTitle == null ? "" : callingAeTitle)
        .map(p -> Tenant.of(p.tenant())).orElse(Tenant.DEFAULT);
  }

  /** A destination without a known requestor: any configured peer (the requestor's tenant unknown). */
  @Override
  public Optional<RemoteAe> resolve(String aeTitle) {
    return config.peer(aeTitle);
  }

  /** A destination of the requestor's tenant; another tenant's peer is as unknown as no peer. */
  @Override
  public Optional<RemoteAe> resolve(String callingAeTitle, String aeTitle) {
    Tenant tenant = of(callingAeTitle);
    return config.configuredPeer(aeTitle)
        .filter(p -> !config.peersOnly() || p.tenant().equals(tenant.name()))
        .map(DicomPeer::remote);
  }
}
