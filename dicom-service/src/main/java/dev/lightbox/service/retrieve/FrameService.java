package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.ImagePixel;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDecoders;
import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.render.RenderBudget;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Frames of stored instances for DICOMweb (PS3.18 §10.4.1.1.4 "Frames") and DIMSE-free clients:
 * the compressed bitstream as stored, or native little-endian pixel values (decoded when the
 * stored syntax is compressed). The frame numbers are checked against the index before any blob
 * I/O; only the header and the requested frames are read from the blob.
 */
public final class FrameService {
  /** Most frames one request may name (each may be a full frame held while it is written). */
  public static final int MAX_FRAMES_PER_REQUEST = 10_000;
  private static final String OCTET_STREAM = "application/octet-stream";

  private final CatalogService catalog;
  private final BlobStore blobs;
  private final RenderBudget budget;

  /** @param budget the heap budget decoded frames are taken from (the renderer's) */
  public FrameService(CatalogService catalog, BlobStore blobs, RenderBudget budget) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /** Receives frames one at a time, in the order asked for. */
  @FunctionalInterface
  public interface FrameSink {
    void accept(FrameBytes frame) throws IOException;
  }

  /**
   * What a frame request will produce, decided from the index alone so that a transport can
   * choose its response headers (or refuse) before any byte is read.
   *
   * @param transferSyntaxUid the syntax the frames are in (Explicit VR Little Endian for native)
   */
  public record Plan(StoredInstance instance, List<Integer> numbers, FrameEncoding encoding,
      String mediaType, String transferSyntaxUid) {}

  /**
   * Checks {@code numbers} (1-based) against the instance's frame count and decides the media
   * type. NATIVE from a compressed syntax Lightbox cannot decode is UNSUPPORTED_TRANSFER_SYNTAX.
   */
  public Plan plan(Tenant tenant, String id, List<Integer> numbers, FrameEncoding encoding)
      throws ServiceException {
    StoredInstance instance = catalog.find(tenant, id);
    if (numbers.isEmpty() || numbers.size() > MAX_FRAMES_PER_REQUEST) {
      throw ServiceException.invalidRequest("a frame list names 1 to " + MAX_FRAMES_PER_REQUEST
          + " frames, got " + numbers.size());
    }
    if (instance.frames() < 1) {
      throw new ServiceException(Failure.NO_PIXEL_DATA, "instance " + id
          + " is not an image: it has no frames");
    }
    for (int n : numbers) {
      if (n < 1 || n > instance.frames()) {
        throw new ServiceException(Failure.FRAME_OUT_OF_RANGE, "frame " + n
            + " does not exist: instance " + id + " has " + instance.frames()
            + (instance.frames() == 1 ? " frame" : " frames") + " (numbered from 1)");
      }
    }
    TransferSyntax stored = TransferSyntax.of(instance.transferSyntaxUid());
    boolean compressed = stored.encapsulated() && !stored.equals(
        TransferSyntax.ENCAPSULATED_UNCOMPRESSED);
    if (encoding == FrameEncoding.AS_STORED && compressed) {
      return new Plan(instance, List.copyOf(numbers), encoding,
          stored.mediaType().orElse(OCTET_STREAM), stored.uid());
    }
    if (compressed && !PixelDecoders.decodes(stored)) {
      throw new ServiceException(Failure.UNSUPPORTED_TRANSFER_SYNTAX, "instance " + id
          + " is stored as " + stored.name() + " (" + stored.uid() + "), which Lightbox cannot "
          + "decode; ask for the frames as stored (transfer-syntax=*)");
    }
    return new Plan(instance, List.copyOf(numbers), FrameEncoding.NATIVE, OCTET_STREAM,
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
  }

  /** Reads the planned frames from the blob and hands them to {@code sink}, one at a time. */
  public void write(Plan plan, FrameSink sink) throws ServiceException, IOException {
    try (ByteSource source = dev.lightbox.service.BlobSources.open(blobs, plan.instance().blobKey(), plan.instance().size())) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
      PixelData pixels = PixelData.of(parsed, source);
      for (int n : plan.numbers()) {
        sink.accept(new FrameBytes(n, frame(pixels, source, n - 1, plan), plan.mediaType()));
      }
    } catch (IOException e) {
      if (Failures.translate(e).failure() == Failure.INTERNAL) {
        throw e; // the client went away while frames were written
      }
      throw Failures.translate(e);
    }
  }

  private byte[] frame(PixelData pixels, ByteSource source, int index, Plan plan) throws IOException,
      ServiceException {
    if (index >= pixels.frameCount()) {
      throw new ServiceException(Failure.FRAME_OUT_OF_RANGE, "frame " + (index + 1)
          + " does not exist: the stored file has " + pixels.frameCount() + " frames");
    }
    if (plan.encoding() == FrameEncoding.AS_STORED
        && !plan.mediaType().equals(OCTET_STREAM)) {
      return pixels.encapsulatedFrame(index);
    }
    ImagePixel image = pixels.image();
    TransferSyntax syntax = pixels.transferSyntax();
    Object value = pixels.dataset().value(image.pixelDataTag()).orElse(null);
    boolean rawUsable = !syntax.encapsulated() && !syntax.bigEndian() && !syntax.deflated()
        && image.bitsAllocated() % 8 == 0 && value instanceof BulkDataRef;
    if (rawUsable) {
      // Native little endian: the stored bytes of the frame are already the answer.
      BulkDataRef ref = (BulkDataRef) value;
      long length = image.nativeFrameLength();
      long start = index * length;
      if (start + length > ref.length() || length > PixelData.MAX_FRAME_BYTES) {
        throw new ServiceException(Failure.INVALID_PIXEL_DATA, "Pixel Data holds "
            + ref.length() + " bytes but frame " + (index + 1) + " needs bytes " + start + ".."
            + (start + length));
      }
      return source.readBytes(ref.offset() + start, (int) length);
    }
    try (RenderBudget.Lease lease = budget.acquire(image.frameSamples())) {
      return NativeFrameBytes.pack(pixels.frame(index), image);
    }
  }
}
