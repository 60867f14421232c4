package dev.lightbox.http.dicomweb;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.retrieve.FrameEncoding;
import dev.lightbox.service.retrieve.FrameService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WADO-RS Retrieve Frames (PS3.18 §10.4.1.1.4), {@code .../frames/{list}} with a comma-separated
 * list of 1-based frame numbers: {@code multipart/related} with one part per frame, either native
 * little-endian pixels ({@code application/octet-stream}, decoded when stored compressed) or, for
 * {@code transfer-syntax=*} or the stored syntax's media type, the stored compressed bitstream
 * ({@code image/jpeg}, {@code image/jls}, {@code image/jp2}, ...; PS3.18 Table 8.7.3-5).
 */
public final class FramesHandler implements HttpHandler {
  private static final String OCTET = "application/octet-stream";

  private final CatalogService catalog;
  private final FrameService frames;

  public FramesHandler(CatalogService catalog, FrameService frames) {
    this.catalog = catalog;
    this.frames = frames;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    StoredInstance instance = Resources.instance(exchange, catalog);
    List<Integer> numbers = frameList(Router.param(exchange, "frames"));
    String accept = Query.first(exchange, "accept")
        .orElse(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    FrameService.Plan plan = plan(instance, numbers, AcceptedTypes.parse(accept), accept);
    String boundary = MultipartRelatedWriter.newBoundary();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, MultipartRelatedWriter.contentType(
        plan.mediaType(), plan.transferSyntaxUid(), boundary));
    exchange.getResponseHeaders().put(Headers.VARY, "Accept");
    exchange.getResponseHeaders().put(Headers.ETAG, "\"f-" + instance.sha256().substring(0, 32)
        + "-" + String.join(".", numbers.stream().map(String::valueOf).toList()) + "-"
        + plan.mediaType().hashCode() + "\"");
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    String partType = plan.mediaType() + "; transfer-syntax=" + plan.transferSyntaxUid();
    String base = DicomWebLinks.of(exchange).instance(instance) + "/frames/";
    try (OutputStream out = exchange.getOutputStream()) {
      MultipartRelatedWriter writer = new MultipartRelatedWriter(out, boundary);
      frames.write(plan, f -> {
        writer.startPart(partType, f.bytes().length, base + f.number());
        writer.body().write(f.bytes());
      });
      writer.finish();
    }
  }

  private FrameService.Plan plan(StoredInstance instance, List<Integer> numbers,
      AcceptedTypes accepted, String accept) throws ServiceException {
    TransferSyntax stored = TransferSyntax.of(instance.transferSyntaxUid());
    String storedType = stored.mediaType().orElse(OCTET);
    for (AcceptedTypes.Range r : accepted.ranges()) {
      String type = alias(r.contentType());
      Optional<String> ts = r.transferSyntax();
      boolean any = type.equals("*/*");
      if (type.equals(OCTET) || any) {
        boolean asStored = ts.isPresent() && (ts.get().equals("*")
            || ts.get().equals(stored.uid()) && !stored.encapsulated());
        if (asStored) {
          return frames.plan(instance.tenant(), instance.sopInstanceUid(), numbers, FrameEncoding.AS_STORED);
        }
        if (ts.isEmpty() || ts.get().equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())) {
          try {
            return frames.plan(instance.tenant(), instance.sopInstanceUid(), numbers, FrameEncoding.NATIVE);
          } catch (ServiceException e) {
            if (!any || e.failure() != Failure.UNSUPPORTED_TRANSFER_SYNTAX) {
              throw e;
            }
            return frames.plan(instance.tenant(), instance.sopInstanceUid(), numbers, FrameEncoding.AS_STORED);
          }
        }
        continue;
      }
      boolean typeMatches = AcceptedTypes.admits(type, storedType) && !storedType.equals(OCTET);
      boolean syntaxMatches = ts.isEmpty() || ts.get().equals("*")
          || ts.get().equals(stored.uid());
      if (typeMatches && syntaxMatches) {
        return frames.plan(instance.tenant(), instance.sopInstanceUid(), numbers, FrameEncoding.AS_STORED);
      }
    }
    throw new HttpStatusException(406, "not-acceptable", "cannot produce frames as "
        + Query.abbreviate(String.valueOf(accept)) + "; this instance is stored as "
        + stored.uid() + ", so its frames are available as multipart/related; type=\""
        + OCTET + "\" (decoded)" + (storedType.equals(OCTET) ? ""
            : " or type=\"" + storedType + "\" / transfer-syntax=* (as stored)"));
  }

  /** Media type aliases clients still send (dicomweb-client: image/x-jls, image/x-dicom-rle). */
  private static String alias(String type) {
    return switch (type) {
      case "image/x-jls" -> "image/jls";
      case "image/x-dicom-rle" -> "image/dicom-rle";
      case "image/jhc" -> "image/jphc";
      default -> type;
    };
  }

  /** A comma-separated list of 1-based frame numbers (PS3.18 §8.3.3.1 "framelist"). */
  static List<Integer> frameList(String text) throws ServiceException {
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",|%2C|%2c", -1)) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n < 1) {
          throw ServiceException.invalidRequest("frame numbers start at 1, got " + n);
        }
        out.add(n);
      } catch (NumberFormatException e) {
        throw ServiceException.invalidRequest("a frame list is comma-separated numbers from 1 "
            + "(PS3.18 §8.3.3.1), got '" + Query.abbreviate(text) + "'");
      }
      if (out.size() > FrameService.MAX_FRAMES_PER_REQUEST) {
        throw ServiceException.invalidRequest("at most " + FrameService.MAX_FRAMES_PER_REQUEST
            + " frames per request");
      }
    }
    return out;
  }
}
