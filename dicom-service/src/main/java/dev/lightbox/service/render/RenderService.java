package dev.lightbox.service.render;

import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.render.JpegEncoder;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import dev.lightbox.service.Failures;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders frames of stored instances to PNG or JPEG: the cache first, then a frame-number check
 * against the index, then the header and that one frame read from the blob (a local file, or
 * ranged reads of a remote store), decoded within the heap budget and encoded.
 */
public final class RenderService {
  /** JPEG quality used when JPEG output is requested. */
  private static final float JPEG_QUALITY = 0.9f;

  private final BlobStore blobs;
  private final RenderCache cache;
  private final RenderBudget budget = RenderBudget.forThisJvm();
  private final OperationTimer timer;

  public RenderService(BlobStore blobs, RenderCache cache, OperationTimer timer) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /** The heap budget for decoded frames, shared with every service that decodes pixels. */
  public RenderBudget budget() {
    return budget;
  }

  /** The cache of rendered output (for metrics). */
  public RenderCache cache() {
    return cache;
  }

  /** Renders one frame of {@code instance} (found through the catalog). */
  public Rendered render(StoredInstance instance, RenderParams params) throws ServiceException {
    if (params.bits() == 16 && params.format() == RenderParams.ImageFormat.JPEG) {
      throw ServiceException.invalidRequest("bits=16 is only available as PNG, not JPEG");
    }
    String cacheKey = params.etag(instance.sha256());
    Optional<Rendered> cached = cache.get(cacheKey);
    if (cached.isPresent()) {
      return cached.get();
    }
    // The index knows the frame count: a frame past the end costs no blob I/O at all.
    if (instance.frames() > 0 && params.frame() > instance.frames()) {
      throw pastLastFrame(params.frame(), instance.frames());
    }
    long start = System.nanoTime();
    try {
      Rendered rendered = renderUncached(instance, params);
      timer.record(OperationTimer.Operation.RENDER, System.nanoTime() - start);
      cache.put(cacheKey, rendered);
      return rendered;
    } catch (Exception e) {
      throw Failures.translate(e);
    }
  }

  private Rendered renderUncached(StoredInstance instance, RenderParams params)
      throws IOException, ServiceException {
    BlobKey key = BlobKey.parse(instance.blobKey());
    Optional<Path> local = blobs.localPath(key);
    try (ByteSource source = local.isPresent() ? FileByteSource.open(local.get())
        : new BlobByteSource(blobs, key, instance.size())) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
      PixelData pixels = PixelData.of(parsed, source);
      if (params.bits() == 16 && !pixels.image().monochrome()) {
        throw ServiceException.invalidRequest("bits=16 is only available for grayscale "
            + "images; this one is " + pixels.image().photometric());
      }
      int count = pixels.frameCount();
      if (params.frame() > count) {
        throw pastLastFrame(params.frame(), count);
      }
      RenderRequest request = new RenderRequest(params.frame() - 1, params.window(),
          params.bits(), params.viewport(), RenderRequest.VoiPreference.FILE);
      try (RenderBudget.Lease lease = budget.acquire(pixels.image().frameSamples())) {
        RenderedImage image = Renderer.render(pixels, request);
        byte[] bytes = params.format() == RenderParams.ImageFormat.JPEG
            ? JpegEncoder.encode(image, JPEG_QUALITY) : new PngEncoder().encode(image);
        return new Rendered(bytes, params.format().mediaType(), image.width(), image.height());
      }
    }
  }

  private static ServiceException pastLastFrame(int frame, int count) {
    return ServiceException.invalidRequest("frame " + frame
        + " is past the last frame: the instance has " + count
        + (count == 1 ? " frame" : " frames") + " (numbered from 1)");
  }
}
