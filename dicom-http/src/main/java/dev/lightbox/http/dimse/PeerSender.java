package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.AssociationOptions;
import dev.lightbox.dicom.net.DimseClient;
import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.dicom.net.ServiceRegistry;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.scu.StoreScu;
import dev.lightbox.dicom.net.service.MoveScp;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Services;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Tenant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends stored instances to a configured peer by C-STORE over one association (PS3.4 Annex B as
 * SCU): each as stored when the peer accepts its syntax, else in Explicit VR Little Endian. The
 * per-instance statuses are the result; the transport (the HTTP send route) reports them.
 */
public final class PeerSender {
  /** Most instances one send may carry (a study larger than this is sent series by series). */
  public static final int MAX_INSTANCES = 50_000;

  /** One instance's outcome: the C-STORE status the peer answered (or a local failure). */
  public record Result(String sopInstanceUid, Status status) {}

  /** The association could not be opened (refused, unreachable). */
  public static final class PeerUnreachableException extends Exception {
    public PeerUnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Services services;
  private final DicomConfig config;

  public PeerSender(Services services, DicomConfig config) {
    this.services = services;
    this.config = config;
  }

  /**
   * The configured peer {@code aeTitle} of {@code tenant}; INVALID_REQUEST naming the tenant's
   * configured peers otherwise. A peer of another tenant is answered exactly as an unknown one, and
   * the names of other tenants' peers are never listed.
   */
  public RemoteAe peer(Tenant tenant, String aeTitle) throws ServiceException {
    Optional<DicomPeer> p = config.configuredPeer(aeTitle == null ? "" : aeTitle)
        .filter(peer -> peer.tenant().equals(tenant.name()));
    if (p.isEmpty()) {
      List<String> own = config.peers().values().stream()
          .filter(peer -> peer.tenant().equals(tenant.name())).map(DicomPeer::aeTitle).sorted().toList();
      throw ServiceException.invalidRequest("'" + aeTitle + "' is not a configured DICOM peer; "
          + "configured: " + (own.isEmpty() ? "none (serve --dicom-peer AET=host:port[@tenant])"
              : String.join(", ", own)));
    }
    return p.get().remote();
  }

  /**
   * Sends the tenant's instance to the tenant's peer {@code aeTitle}. The instance is looked up
   * first, so an instance the tenant does not have is INSTANCE_NOT_FOUND whatever the peer.
   */
  public List<Result> sendInstance(Tenant tenant, String aeTitle, String sopInstanceUid)
      throws ServiceException, PeerUnreachableException {
    StoredRetrievable instance = StoredRetrievable.of(services.retrieve(),
        services.retrieve().file(tenant, sopInstanceUid));
    return send(peer(tenant, aeTitle), List.of(instance));
  }

  /** Sends the tenant's study to the tenant's peer {@code aeTitle} (study looked up first). */
  public List<Result> sendStudy(Tenant tenant, String aeTitle, String study)
      throws ServiceException, PeerUnreachableException {
    List<StoredRetrievable> instances = new ArrayList<>();
    for (StoredInstance i : services.catalog().instancesOf(tenant, study, Optional.empty(),
        MAX_INSTANCES)) {
      instances.add(StoredRetrievable.of(services.retrieve(),
          services.retrieve().file(tenant, i.sopInstanceUid())));
    }
    return send(peer(tenant, aeTitle), instances);
  }

  private List<Result> send(RemoteAe peer, List<StoredRetrievable> instances)
      throws PeerUnreachableException {
    Association a;
    try {
      a = DimseClient.open(peer, config.aeTitle(), MoveScp.contexts(instances), List.of(),
          AssociationOptions.defaults(), ServiceRegistry.none());
    } catch (IOException e) {
      throw new PeerUnreachableException("cannot associate with " + peer.aeTitle() + " at "
          + peer.host() + ":" + peer.port() + ": " + e.getMessage(), e);
    }
    List<Result> results = new ArrayList<>();
    try {
      for (StoredRetrievable i : instances) {
        results.add(new Result(i.sopInstanceUid(), StoreScu.storeQuietly(a, i, "", 0)));
      }
    } finally {
      try {
        a.release();
      } catch (IOException e) {
        a.abort();
      }
    }
    return results;
  }
}
