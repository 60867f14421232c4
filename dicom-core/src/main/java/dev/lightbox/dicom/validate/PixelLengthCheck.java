package dev.lightbox.dicom.validate;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.pixel.ImagePixel;
import dev.lightbox.dicom.pixel.PixelDataException;
import java.util.OptionalLong;

/**
 * Keeps the top-level Image Pixel module values (PS3.3 C.7.6.3) seen while streaming, so that a
 * native Pixel Data value can be checked against the length Rows × Columns × Samples per Pixel ×
 * Bits Allocated × Number of Frames needs (PS3.5 §8.1.1; YBR_FULL_422 per PS3.3 C.7.6.3.1.2). Only
 * these few short values are kept, never the dataset.
 */
final class PixelLengthCheck {
  /** Longest value kept: the attributes are US (2 bytes), CS and IS (at most 16 bytes each). */
  static final int MAX_KEPT_VALUE = 64;

  private final DatasetBuilder header;

  PixelLengthCheck(boolean bigEndian) {
    header = new DatasetBuilder().bigEndian(bigEndian);
  }

  static boolean wanted(int tag) {
    return tag == Tag.SAMPLES_PER_PIXEL || tag == Tag.PHOTOMETRIC_INTERPRETATION
        || tag == Tag.NUMBER_OF_FRAMES || tag == Tag.ROWS || tag == Tag.COLUMNS
        || tag == Tag.BITS_ALLOCATED || tag == Tag.BITS_STORED || tag == Tag.HIGH_BIT
        || tag == Tag.PIXEL_REPRESENTATION;
  }

  static boolean isPixelData(int tag) {
    return tag == Tag.PIXEL_DATA || tag == Tag.FLOAT_PIXEL_DATA
        || tag == Tag.DOUBLE_FLOAT_PIXEL_DATA;
  }

  void keep(int tag, Vr vr, byte[] value) {
    header.add(tag, vr, value);
  }

  /**
   * The bytes a native value of {@code pixelTag} must hold, or empty when the Image Pixel module is
   * not usable (missing or inconsistent attributes: the renderer refuses such images itself, and
   * whether they can be stored is not a question of file structure).
   */
  OptionalLong requiredLength(int pixelTag, Vr vr, long valueAt, long length) {
    header.add(pixelTag, vr, new BulkDataRef(valueAt, length));
    try {
      ImagePixel pixel = ImagePixel.from(header.build());
      if (pixel.nativeYbr422()) {
        return OptionalLong.of(Math.multiplyExact(pixel.nativeFrameLength(), pixel.frames()));
      }
      // Frames follow each other without padding, also 1-bit ones (PS3.5 §8.1.1, §8.2).
      long bits = Math.multiplyExact(Math.multiplyExact(pixel.frameSamples(),
          (long) pixel.bitsAllocated()), (long) pixel.frames());
      return OptionalLong.of((bits + 7) / 8);
    } catch (PixelDataException | ArithmeticException e) {
      return OptionalLong.empty();
    }
  }
}
