package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.AcceptorConfig;
import dev.lightbox.dicom.net.DimseServer;
import dev.lightbox.dicom.net.ServiceRegistry;
import dev.lightbox.dicom.net.service.ScpServices;
import dev.lightbox.service.Services;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The DIMSE listener of {@code lightbox serve}: dicom-net's acceptor with its SCPs plugged into the
 * services the composition root built for HTTP: C-STORE into {@link IngestStorage}, C-FIND from
 * {@link IndexQueries}, C-MOVE (to the configured peers) and C-GET from {@link StoredInstances};
 * with {@code --dicom-peers-only}, requestors are checked by {@link ConfiguredPeers}.
 */
public final class DicomListener implements Closeable {
  private final DimseServer server;

  private DicomListener(DimseServer server) {
    this.server = server;
  }

  /** Starts listening on {@code host} and the configured port. */
  public static DicomListener start(Services services, DicomConfig config, String host)
      throws IOException {
    ServiceRegistry registry = registry(services, config);
    AcceptorConfig acceptor = AcceptorConfig.of(config.aeTitle())
        .withMaxAssociations(config.maxAssociations());
    if (config.peersOnly()) {
      if (config.peers().isEmpty()) {
        System.getLogger(DicomListener.class.getName()).log(System.Logger.Level.WARNING,
            "--dicom-peers-only without any --dicom-peer: every association will be rejected");
      }
      acceptor = acceptor.withCallingPeerAllowed(ConfiguredPeers.resolve(config.peers().values()));
    }
    return new DicomListener(DimseServer.start(acceptor, registry, InetAddress.getByName(host),
        config.port().orElseThrow()));
  }

  /** The SCPs and their providers, for the listener and for tests. */
  public static ServiceRegistry registry(Services services, DicomConfig config) {
    PeerTenants tenants = new PeerTenants(config);
    return ScpServices.builder()
        .storage(new IngestStorage(services.ingest(), tenants))
        .query(new IndexQueries(services.query(), tenants))
        .retrieve(new StoredInstances(services.query(), services.retrieve(), tenants), tenants)
        .build();
  }

  /** The bound port (the real one when 0 was configured). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
