package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.dimse.CommandField;
import dev.lightbox.dicom.net.dimse.Status;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The request handlers of one application entity, keyed by Command Field. A request nobody
 * handles is answered with status 0211 Unrecognized Operation (PS3.7 C.5.5). Immutable once built.
 */
public final class ServiceRegistry {
  private final Map<Integer, DimseService> byField;

  private ServiceRegistry(Map<Integer, DimseService> byField) {
    this.byField = Map.copyOf(byField);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No services: every request is answered 0211. */
  public static ServiceRegistry none() {
    return builder().build();
  }

  public boolean handles(int commandField) {
    return byField.containsKey(commandField);
  }

  void dispatch(Association association, IncomingMessage request) throws IOException {
    int field = request.command().field();
    DimseService service = byField.get(field);
    if (service != null) {
      service.onRequest(association, request);
    } else {
      association.respond(request, Status.of(Status.UNRECOGNIZED_OPERATION,
          CommandField.name(field) + " not supported"));
    }
  }

  public static final class Builder {
    private final Map<Integer, DimseService> byField = new HashMap<>();

    private Builder() {}

    /** Handles requests with Command Field {@code field} (e.g. {@link CommandField#C_STORE_RQ}). */
    public Builder on(int field, DimseService service) {
      if (CommandField.isResponse(field) || field == CommandField.C_CANCEL_RQ) {
        throw new IllegalArgumentException(CommandField.name(field) + " is not a request");
      }
      byField.put(field, service);
      return this;
    }

    public ServiceRegistry build() {
      return new ServiceRegistry(byField);
    }
  }
}
