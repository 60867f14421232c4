package dev.lightbox.http.dicomweb;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.http.support.ByteRange;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Query;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.service.retrieve.BulkValue;
import dev.lightbox.service.retrieve.FrameEncoding;
import dev.lightbox.service.retrieve.FrameService;
import dev.lightbox.service.retrieve.RetrieveService;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * WADO-RS Retrieve Bulkdata (PS3.18 §10.4.1.1.5 / §8.7.3.3) at the BulkDataURIs the metadata
 * names, {@code .../instances/{instance}/bulkdata/{tagPath}}: one value as {@code
 * multipart/related; type="application/octet-stream"}, or as a plain {@code
 * application/octet-stream} body (with Range, RFC 9110 §14) when only that is accepted. Pixel
 * Data (7FE0,0010) is sent frame by frame: native little-endian pixels, or the stored bitstreams
 * of a compressed instance with their media types.
 */
public final class BulkDataHandler implements HttpHandler {
  private static final String OCTET = "application/octet-stream";

  private final CatalogService catalog;
  private final RetrieveService retrieve;
  private final FrameService frames;

  public BulkDataHandler(CatalogService catalog, RetrieveService retrieve, FrameService frames) {
    this.catalog = catalog;
    this.retrieve = retrieve;
    this.frames = frames;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    StoredInstance instance = Resources.instance(exchange, catalog);
    TagPath path = MetadataService.parsePath(Router.param(exchange, "tagPath"));
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    AcceptedTypes accepted = AcceptedTypes.parse(accept);
    boolean multipart = accepted.ranges().stream().anyMatch(r -> r.multipart()
        || r.mediaType().equals("*/*"));
    boolean single = accepted.ranges().stream().anyMatch(r -> !r.multipart()
        && AcceptedTypes.admits(r.mediaType(), OCTET));
    if (!multipart && !single) {
      throw new HttpStatusException(406, "not-acceptable", "bulk data is sent as "
          + "multipart/related; type=\"application/octet-stream\" or application/octet-stream, "
          + "not " + Query.abbreviate(String.valueOf(accept)));
    }
    if (path.tags().length == 1 && path.lastTag() == Tag.PIXEL_DATA) {
      pixelData(exchange, instance, accepted);
      return;
    }
    BulkValue value = retrieve.bulk(instance.tenant(), instance.sopInstanceUid(), path);
    exchange.getResponseHeaders().put(Headers.ETAG, "\"" + value.sha256() + "-" + path + "\"");
    if (!multipart) {
      plain(exchange, value);
      return;
    }
    String boundary = MultipartRelatedWriter.newBoundary();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
        MultipartRelatedWriter.contentType(OCTET, null, boundary));
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    try (OutputStream out = exchange.getOutputStream();
        InputStream in = value.opener().open(0, value.length())) {
      MultipartRelatedWriter writer = new MultipartRelatedWriter(out, boundary);
      writer.startPart(OCTET, value.length(), null);
      in.transferTo(writer.body());
      writer.finish();
    }
  }

  private static void plain(HttpServerExchange exchange, BulkValue value) throws Exception {
    long size = value.length();
    Optional<ByteRange> range;
    String header = exchange.getRequestHeaders().getFirst(Headers.RANGE);
    try {
      range = header == null ? Optional.empty() : ByteRange.parse(header, size);
    } catch (ByteRange.Unsatisfiable e) {
      throw new HttpStatusException(416, "range-not-satisfiable", e.getMessage(),
          Map.of("Content-Range", "bytes */" + size));
    }
    long first = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, OCTET);
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    if (range.isPresent()) {
      exchange.setStatusCode(206);
      headers.put(Headers.CONTENT_RANGE, "bytes " + first + "-" + (first + length - 1) + "/"
          + size);
    }
    headers.put(Headers.CONTENT_LENGTH, length);
    if (exchange.getRequestMethod().equals(Methods.HEAD) || length == 0) {
      exchange.endExchange();
      return;
    }
    try (InputStream in = value.opener().open(first, length);
        OutputStream out = exchange.getOutputStream()) {
      in.transferTo(out);
    }
  }

  private void pixelData(HttpServerExchange exchange, StoredInstance instance,
      AcceptedTypes accepted) throws Exception {
    boolean asStored = accepted.ranges().stream().anyMatch(r ->
        r.transferSyntax().map("*"::equals).orElse(false));
    var numbers = IntStream.rangeClosed(1, Math.max(1, instance.frames())).boxed().toList();
    FrameService.Plan plan = frames.plan(instance.tenant(), instance.sopInstanceUid(), numbers,
        asStored ? FrameEncoding.AS_STORED : FrameEncoding.NATIVE);
    String boundary = MultipartRelatedWriter.newBoundary();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, MultipartRelatedWriter.contentType(
        plan.mediaType(), plan.transferSyntaxUid(), boundary));
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    String partType = plan.mediaType() + "; transfer-syntax=" + plan.transferSyntaxUid();
    try (OutputStream out = exchange.getOutputStream()) {
      MultipartRelatedWriter writer = new MultipartRelatedWriter(out, boundary);
      frames.write(plan, f -> {
        writer.startPart(partType, f.bytes().length, null);
        writer.body().write(f.bytes());
      });
      writer.finish();
    }
  }
}
