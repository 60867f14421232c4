package dev.lightbox.http.dicomweb;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Query;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.retrieve.RetrieveService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * WADO-RS Retrieve Study, Series and Instance (PS3.18 §10.4.1.1.1-3): the instances as {@code
 * multipart/related; type="application/dicom"}, streamed one part at a time. {@code
 * transfer-syntax=*} sends the stored bytes; Explicit VR Little Endian (the default, PS3.18
 * §8.7.3.5.2) is the stored bytes when already so, else a rewrite; any other syntax is 406 unless
 * every instance is stored in it.
 */
public final class RetrieveHandler implements HttpHandler {
  private static final String DICOM = "application/dicom";
  private static final String EVRLE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

  private final CatalogService catalog;
  private final RetrieveService retrieve;

  public RetrieveHandler(CatalogService catalog, RetrieveService retrieve) {
    this.catalog = catalog;
    this.retrieve = retrieve;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    List<StoredInstance> instances = Resources.instances(exchange, catalog);
    String accept = Query.first(exchange, "accept")
        .orElse(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    String syntax = chooseSyntax(AcceptedTypes.parse(accept), instances).orElseThrow(() ->
        new HttpStatusException(406, "not-acceptable", "cannot produce "
            + Query.abbreviate(String.valueOf(accept)) + "; supported: multipart/related; "
            + "type=\"application/dicom\" with transfer-syntax=* (as stored) or "
            + EVRLE + " (Explicit VR Little Endian, the default)"));
    String boundary = MultipartRelatedWriter.newBoundary();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, MultipartRelatedWriter.contentType(
        DICOM, syntax.equals("*") ? null : syntax, boundary));
    exchange.getResponseHeaders().put(Headers.VARY, "Accept");
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    DicomWebLinks links = DicomWebLinks.of(exchange);
    try (OutputStream out = exchange.getOutputStream()) {
      MultipartRelatedWriter writer = new MultipartRelatedWriter(out, boundary);
      for (StoredInstance i : instances) {
        String target = syntax.equals("*") ? i.transferSyntaxUid() : syntax;
        boolean asStored = target.equals(i.transferSyntaxUid());
        writer.startPart(DICOM + "; transfer-syntax=" + target, asStored ? i.size() : -1,
            links.instance(i));
        retrieve.writeAs(i, target, writer.body());
      }
      writer.finish();
    }
  }

  /**
   * The transfer syntax to send, {@code *} for "as stored", from the first acceptable range
   * every instance can be sent in; empty when none.
   */
  static Optional<String> chooseSyntax(AcceptedTypes accepted, List<StoredInstance> instances,
      RetrieveService retrieve) {
    for (AcceptedTypes.Range r : accepted.ranges()) {
      boolean dicomParts = r.multipart() ? AcceptedTypes.admits(r.contentType(), DICOM)
          : AcceptedTypes.admits(r.mediaType(), DICOM) || r.mediaType().equals("multipart/*");
      if (!dicomParts) {
        continue;
      }
      String wanted = r.transferSyntax().orElse(EVRLE);
      if (wanted.equals("*")) {
        return Optional.of("*");
      }
      if (instances.stream().allMatch(i -> retrieve.canSendAs(i, wanted))) {
        return Optional.of(wanted);
      }
    }
    return Optional.empty();
  }

  private Optional<String> chooseSyntax(AcceptedTypes accepted, List<StoredInstance> instances) {
    return chooseSyntax(accepted, instances, retrieve);
  }
}
