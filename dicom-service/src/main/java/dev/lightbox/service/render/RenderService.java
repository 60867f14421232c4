package dev.lightbox.service.render;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.ImagePixel;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.render.JpegEncoder;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import dev.lightbox.service.BlobSources;
import dev.lightbox.service.Failures;
import dev.lightbox.service.MemoryBudget;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
  private static final PngEncoder PNG = new PngEncoder();

  /**
   * Most bytes a deflated dataset (PS3.5 §A.5) may inflate to for a render: deflated files have no
   * file offsets, so the whole dataset, pixel data included, is inflated into memory; this much is
   * taken from the memory budget before parsing, and a file that inflates further is refused (422).
   */
  static final long MAX_INFLATED_RENDER_BYTES = 64L << 20;

  private final BlobStore blobs;
  private final RenderCache cache;
  private final MemoryBudget memory;
  private final RenderBudget budget;
  private final OperationTimer timer;

  public RenderService(BlobStore blobs, RenderCache cache, OperationTimer timer) {
    this(blobs, cache, timer, MemoryBudget.forThisJvm());
  }

  /** @param memory the server's one memory budget, shared with the other services */
  public RenderService(BlobStore blobs, RenderCache cache, OperationTimer timer,
      MemoryBudget memory) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.budget = new RenderBudget(memory);
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
    // Per tenant: one tenant's cached rendering never answers (or times) another's request.
    String cacheKey = instance.tenant().key(params.etag(instance.sha256()));
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
    } catch (NoSuchFileException e) {
      // The row was found, then the instance was deleted before its file was opened.
      throw ServiceException.instanceNotFound(instance.sopInstanceUid());
    } catch (Exception e) {
      throw Failures.translate(e);
    }
  }

  private Rendered renderUncached(StoredInstance instance, RenderParams params)
      throws IOException, ServiceException {
    boolean deflated = TransferSyntax.of(instance.transferSyntaxUid()).deflated();
    try (MemoryBudget.Lease inflated = deflated ? memory.acquire(MAX_INFLATED_RENDER_BYTES,
            "inflating a deflated dataset") : () -> { };
        ByteSource source = BlobSources.open(blobs, instance.blobKey(), instance.size())) {
      ReadOptions options = ReadOptions.defaults();
      if (deflated) {
        options = options.withDeflateLimits(MAX_INFLATED_RENDER_BYTES, options.maxDeflateRatio());
      }
      ParseResult parsed = DicomReader.read(source, options);
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
      try (RenderBudget.Lease lease = budget.acquire(pixels.image().frameSamples(),
          outputSamples(pixels.image(), params))) {
        RenderedImage image = Renderer.render(pixels, request);
        byte[] bytes = params.format() == RenderParams.ImageFormat.JPEG
            ? JpegEncoder.encode(image, JPEG_QUALITY) : PNG.encode(image);
        // The encoders copied the pixels: their array goes back to the shared pool.
        Renderer.recycle(image);
        return new Rendered(bytes, params.format().mediaType(), image.width(), image.height());
      }
    }
  }

  /**
   * Samples of the output when a viewport resamples the frame (the size {@code Resampler} computes:
   * fit inside the viewport keeping the aspect ratio, PS3.18 §8.3.5.1.3), else 0.
   */
  static long outputSamples(ImagePixel image, RenderParams params) {
    if (params.viewport().isEmpty()) {
      return 0;
    }
    var vp = params.viewport().get();
    double scale = Math.min((double) vp.width() / image.columns(),
        (double) vp.height() / image.rows());
    long w = Math.max(1, Math.round(image.columns() * scale));
    long h = Math.max(1, Math.round(image.rows() * scale));
    return w * h * (image.monochrome() ? 1 : 3);
  }

  private static ServiceException pastLastFrame(int frame, int count) {
    return ServiceException.invalidRequest("frame " + frame
        + " is past the last frame: the instance has " + count
        + (count == 1 ? " frame" : " frames") + " (numbered from 1)");
  }
}
