package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.AssociationOptions;
import dev.lightbox.dicom.net.ServiceRegistry;
import dev.lightbox.dicom.net.dimse.CommandField;

/**
 * Wires the SCPs of this package to their providers. Verification is always on; each other service
 * only when its provider is given, so an acceptor without a query provider answers C-FIND with
 * 0211 (and should not accept the FIND contexts in its policy).
 */
public final class ScpServices {
  private StorageProvider storage;
  private QueryProvider query;
  private RetrieveProvider retrieve;
  private DestinationResolver destinations = ae -> java.util.Optional.empty();
  private AssociationOptions subOperationOptions = AssociationOptions.defaults();

  public static ScpServices builder() {
    return new ScpServices();
  }

  public ScpServices storage(StorageProvider provider) {
    this.storage = provider;
    return this;
  }

  public ScpServices query(QueryProvider provider) {
    this.query = provider;
    return this;
  }

  /** Retrieval for C-GET, and for C-MOVE to the AEs {@code destinations} resolves. */
  public ScpServices retrieve(RetrieveProvider provider, DestinationResolver destinations) {
    this.retrieve = provider;
    this.destinations = destinations;
    return this;
  }

  /** Options of the associations C-MOVE opens to destinations. */
  public ScpServices subOperationOptions(AssociationOptions options) {
    this.subOperationOptions = options;
    return this;
  }

  public ServiceRegistry build() {
    ServiceRegistry.Builder b = ServiceRegistry.builder().on(CommandField.C_ECHO_RQ, new EchoScp());
    if (storage != null) {
      b.on(CommandField.C_STORE_RQ, new StoreScp(storage));
    }
    if (query != null) {
      b.on(CommandField.C_FIND_RQ, new FindScp(query));
    }
    if (retrieve != null) {
      b.on(CommandField.C_MOVE_RQ, new MoveScp(retrieve, destinations, subOperationOptions));
      b.on(CommandField.C_GET_RQ, new GetScp(retrieve));
    }
    return b.build();
  }
}
