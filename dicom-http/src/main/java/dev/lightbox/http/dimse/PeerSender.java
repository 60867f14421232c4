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

  /** The configured peer {@code aeTitle}; INVALID_REQUEST naming the configured ones otherwise. */
  public RemoteAe peer(String aeTitle) throws ServiceException {
    Optional<RemoteAe> p = config.peer(aeTitle == null ? "" : aeTitle);
    if (p.isEmpty()) {
      throw ServiceException.invalidRequest("'" + aeTitle + "' is not a configured DICOM peer; "
          + "configured: " + (config.peers().isEmpty() ? "none (serve --dicom-peer AET=host:port)"
              : String.join(", ", config.peers().keySet().stream().sorted().toList())));
    }
    return p.get();
  }

  public List<Result> sendInstance(String aeTitle, String sopInstanceUid)
      throws ServiceException, PeerUnreachableException {
    RemoteAe peer = peer(aeTitle);
    return send(peer, List.of(StoredRetrievable.of(services.retrieve(),
        services.retrieve().file(sopInstanceUid))));
  }

  public List<Result> sendStudy(String aeTitle, String study)
      throws ServiceException, PeerUnreachableException {
    RemoteAe peer = peer(aeTitle);
    List<StoredRetrievable> instances = new ArrayList<>();
    for (StoredInstance i : services.catalog().instancesOf(study, Optional.empty(),
        MAX_INSTANCES)) {
      instances.add(StoredRetrievable.of(services.retrieve(),
          services.retrieve().file(i.sopInstanceUid())));
    }
    return send(peer, instances);
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
