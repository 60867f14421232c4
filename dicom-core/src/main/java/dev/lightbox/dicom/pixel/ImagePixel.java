package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.util.Locale;

/**
 * The Image Pixel module attributes (PS3.3 C.7.6.3) of an image, validated.
 *
 * @param pixelDataTag (7FE0,0010), or (7FE0,0008)/(7FE0,0009) for float/double float pixel data
 */
public record ImagePixel(int rows, int columns, int samplesPerPixel, String photometric,
    int bitsAllocated, int bitsStored, int highBit, boolean signed, int planarConfiguration,
    int frames, int pixelDataTag) {

  /**
   * Default ceiling on rows × columns × samples of one frame: 2^27 (a 11585² grey or 6689² RGB
   * frame, 512 MiB once decoded to int samples). Checked from the header alone, so a small file
   * declaring a huge image is refused before any buffer is allocated.
   */
  public static final long DEFAULT_MAX_FRAME_SAMPLES = 1L << 27;

  public static ImagePixel from(Dataset ds) throws PixelDataException {
    return from(ds, DEFAULT_MAX_FRAME_SAMPLES);
  }

  public static ImagePixel from(Dataset ds, long maxFrameSamples) throws PixelDataException {
    int pixelTag = ds.contains(Tag.PIXEL_DATA) ? Tag.PIXEL_DATA
        : ds.contains(Tag.FLOAT_PIXEL_DATA) ? Tag.FLOAT_PIXEL_DATA
        : ds.contains(Tag.DOUBLE_FLOAT_PIXEL_DATA) ? Tag.DOUBLE_FLOAT_PIXEL_DATA : 0;
    if (pixelTag == 0) {
      throw new PixelDataException(Reason.NO_PIXEL_DATA, "The dataset has no Pixel Data "
          + "(7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009)");
    }
    int rows = required(ds, Tag.ROWS, "Rows");
    int columns = required(ds, Tag.COLUMNS, "Columns");
    int spp = ds.integer(Tag.SAMPLES_PER_PIXEL, 1);
    int defaultBits = pixelTag == Tag.DOUBLE_FLOAT_PIXEL_DATA ? 64
        : pixelTag == Tag.FLOAT_PIXEL_DATA ? 32 : -1;
    int bitsAllocated = ds.integer(Tag.BITS_ALLOCATED, defaultBits);
    if (bitsAllocated < 0) {
      throw invalid("Bits Allocated (0028,0100) is missing");
    }
    int bitsStored = ds.integer(Tag.BITS_STORED, bitsAllocated);
    int highBit = ds.integer(Tag.HIGH_BIT, bitsStored - 1);
    boolean signed = ds.integer(Tag.PIXEL_REPRESENTATION, 0) == 1;
    int planar = ds.integer(Tag.PLANAR_CONFIGURATION, 0);
    int frames = ds.integer(Tag.NUMBER_OF_FRAMES, 1);
    String photometric = ds.string(Tag.PHOTOMETRIC_INTERPRETATION)
        .map(s -> s.strip().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .orElse(spp == 3 ? "RGB" : "MONOCHROME2");
    if (rows <= 0 || columns <= 0) {
      throw invalid("Rows " + rows + " and Columns " + columns + " must be positive");
    }
    if (spp != 1 && spp != 3) {
      throw invalid("Samples per Pixel " + spp + " is not 1 or 3");
    }
    if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32
        && bitsAllocated != 64) {
      throw invalid("Bits Allocated " + bitsAllocated + " is not 1, 8, 16, 32 or 64");
    }
    // PS3.3 C.7.6.24: Float Pixel Data is 32-bit, Double Float Pixel Data 64-bit; integer Pixel
    // Data is never 64-bit. A disagreement would make frame offsets and sample sizes differ.
    int requiredBits = pixelTag == Tag.FLOAT_PIXEL_DATA ? 32
        : pixelTag == Tag.DOUBLE_FLOAT_PIXEL_DATA ? 64 : -1;
    if (requiredBits > 0 ? bitsAllocated != requiredBits : bitsAllocated == 64) {
      throw invalid("Bits Allocated " + bitsAllocated + " does not match " + Tag.toString(pixelTag)
          + (requiredBits > 0 ? ", which needs " + requiredBits : ", which is at most 32 bits"));
    }
    if (bitsStored < 1 || bitsStored > bitsAllocated) {
      throw invalid("Bits Stored " + bitsStored + " is outside 1.." + bitsAllocated);
    }
    if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
      throw invalid("High Bit " + highBit + " is inconsistent with Bits Stored " + bitsStored
          + " and Bits Allocated " + bitsAllocated);
    }
    if (frames < 1) {
      throw invalid("Number of Frames " + frames + " must be at least 1");
    }
    long samples = (long) rows * columns * spp;
    if (samples > maxFrameSamples) {
      throw new PixelDataException(Reason.LIMIT_EXCEEDED, "Frame of " + rows + "x" + columns
          + "x" + spp + " samples exceeds the limit of " + maxFrameSamples);
    }
    return new ImagePixel(rows, columns, spp, photometric, bitsAllocated, bitsStored, highBit,
        signed, planar, frames, pixelTag);
  }

  private static int required(Dataset ds, int tag, String name) throws PixelDataException {
    return ds.integer(tag).orElseThrow(() -> invalid(name + " " + Tag.toString(tag)
        + " is missing"));
  }

  private static PixelDataException invalid(String message) {
    return new PixelDataException(Reason.INVALID_IMAGE, message);
  }

  /** True for YBR_FULL_422, whose native encoding is horizontally subsampled. */
  public boolean nativeYbr422() {
    return samplesPerPixel == 3 && photometric.equals("YBR_FULL_422") && bitsAllocated >= 8;
  }

  public boolean monochrome() {
    return photometric.startsWith("MONOCHROME");
  }

  public boolean floatingPoint() {
    return pixelDataTag != Tag.PIXEL_DATA;
  }

  /** Bytes of one native (uncompressed) frame; 1-bit frames are packed (PS3.5 §8.1.1). */
  public long nativeFrameLength() {
    if (nativeYbr422()) {
      // PS3.3 C.7.6.3.1.2: two luminance samples share one Cb and one Cr sample (Y Y Cb Cr).
      return (long) rows * columns * 2 * (bitsAllocated / 8);
    }
    long bits = (long) rows * columns * samplesPerPixel * bitsAllocated;
    return (bits + 7) / 8;
  }

  /** Rows × Columns × Samples per Pixel: what a codec may produce for one frame. */
  public long frameSamples() {
    return (long) rows * columns * samplesPerPixel;
  }

  public int pixelCount() {
    return rows * columns;
  }
}
