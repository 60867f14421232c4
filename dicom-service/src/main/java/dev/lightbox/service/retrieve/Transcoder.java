package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.ImagePixel;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDecoders;
import dev.lightbox.dicom.write.DicomWriter;
import dev.lightbox.dicom.write.WriteOptions;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.render.RenderBudget;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Rewrites a stored file in Explicit VR Little Endian (PS3.18 §8.7.3.5.2: the default transfer
 * syntax of {@code application/dicom}). Native syntaxes are re-encoded element by element, values
 * streamed from the stored file; compressed pixel data is decoded frame by frame into native
 * pixel data (PS3.5 §8.1.1), which is held in memory up to {@link #MAX_DECODED_BYTES}.
 */
final class Transcoder {
  /** Most decoded pixel bytes of one instance held while it is rewritten. */
  static final long MAX_DECODED_BYTES = 1L << 30;

  private Transcoder() {}

  /** True when an instance stored as {@code stored} can be sent as Explicit VR Little Endian. */
  static boolean canTranscode(TransferSyntax stored) {
    return !stored.encapsulated() || stored.equals(TransferSyntax.ENCAPSULATED_UNCOMPRESSED)
        || PixelDecoders.decodes(stored);
  }

  static void toExplicitLittle(ByteSource source, OutputStream out, RenderBudget budget)
      throws IOException, ServiceException {
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    Dataset dataset = parsed.dataset();
    if (parsed.transferSyntax().encapsulated() && dataset.contains(Tag.PIXEL_DATA)) {
      dataset = decoded(parsed, source, budget);
    }
    DicomWriter.writeFile(out, parsed.fileMeta(), dataset,
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, source, WriteOptions.defaults());
  }

  private static Dataset decoded(ParseResult parsed, ByteSource source, RenderBudget budget)
      throws IOException, ServiceException {
    PixelData pixels = PixelData.of(parsed, source);
    ImagePixel image = pixels.image();
    int bytesPerSample = Math.max(1, image.bitsAllocated() / 8);
    long total = image.frameSamples() * bytesPerSample * image.frames();
    if (total > MAX_DECODED_BYTES) {
      throw new ServiceException(Failure.LIMIT_EXCEEDED, "decoding this instance to Explicit VR "
          + "Little Endian needs " + total + " bytes, more than the limit of " + MAX_DECODED_BYTES
          + "; ask for the stored transfer syntax (transfer-syntax=*)");
    }
    byte[] all = new byte[(int) total];
    String photometric = image.photometric();
    int at = 0;
    for (int i = 0; i < image.frames(); i++) {
      try (RenderBudget.Lease lease = budget.acquire(image.frameSamples())) {
        Frame frame = pixels.frame(i);
        photometric = frame.photometric();
        byte[] packed = NativeFrameBytes.pack(frame, image);
        System.arraycopy(packed, 0, all, at, Math.min(packed.length, all.length - at));
        at += packed.length;
      }
    }
    DatasetBuilder b = DatasetBuilder.from(parsed.dataset().filter(tag ->
        tag != Tag.EXTENDED_OFFSET_TABLE && tag != Tag.EXTENDED_OFFSET_TABLE_LENGTHS));
    // Decoders hand out pixel-interleaved samples in the photometric they produce (PS3.3
    // C.7.6.3.1.2/.3: e.g. a JPEG YBR_FULL_422 frame comes out as full-resolution RGB).
    b.addString(Tag.PHOTOMETRIC_INTERPRETATION, Vr.CS, photometric);
    if (image.samplesPerPixel() > 1) {
      b.addIntegers(Tag.PLANAR_CONFIGURATION, Vr.US, 0);
    }
    b.add(Tag.PIXEL_DATA, bytesPerSample > 1 ? Vr.OW : Vr.OB, all);
    return b.build();
  }
}
