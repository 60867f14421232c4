package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.util.Map;
import java.util.Optional;

/** The decoder for each encapsulated transfer syntax we support (PS3.5 §A.4, §8.2). */
public final class PixelDecoders {
  private PixelDecoders() {}

  private static final PixelDecoder JPEG_IMAGEIO = ImageIoPixelDecoder.twelveMonkeysJpeg();
  private static final PixelDecoder JPEG_DCT = new JpegDctPixelDecoder();
  private static final PixelDecoder JPEG2000 = new Jpeg2000PixelDecoder();

  private static final Map<String, PixelDecoder> BY_UID = Map.ofEntries(
      Map.entry("1.2.840.10008.1.2.5", new RlePixelDecoder()),
      Map.entry("1.2.840.10008.1.2.4.50", JPEG_DCT),
      Map.entry("1.2.840.10008.1.2.4.51", JPEG_DCT),
      Map.entry("1.2.840.10008.1.2.4.57", JPEG_IMAGEIO),
      Map.entry("1.2.840.10008.1.2.4.70", JPEG_IMAGEIO),
      Map.entry("1.2.840.10008.1.2.4.80", new JpegLsPixelDecoder()),
      Map.entry("1.2.840.10008.1.2.4.81", new JpegLsPixelDecoder()),
      Map.entry("1.2.840.10008.1.2.4.90", JPEG2000),
      Map.entry("1.2.840.10008.1.2.4.91", JPEG2000),
      Map.entry("1.2.840.10008.1.2.4.201", JPEG2000),
      Map.entry("1.2.840.10008.1.2.4.202", JPEG2000),
      Map.entry("1.2.840.10008.1.2.4.203", JPEG2000),
      Map.entry("1.2.840.10008.1.2.8.1", new DeflatedFramePixelDecoder()));

  public static Optional<PixelDecoder> forSyntax(String uid) {
    return Optional.ofNullable(BY_UID.get(uid));
  }

  /** The decoder, or UNSUPPORTED_TRANSFER_SYNTAX naming the syntax. */
  public static PixelDecoder require(TransferSyntax ts) throws PixelDataException {
    PixelDecoder d = BY_UID.get(ts.uid());
    if (d == null) {
      throw new PixelDataException(Reason.UNSUPPORTED_TRANSFER_SYNTAX,
          "Pixel data in transfer syntax " + ts.uid() + " (" + ts.name()
              + ") cannot be decoded; supported: native, RLE, JPEG baseline/extended/lossless, "
              + "JPEG-LS, JPEG 2000, HTJ2K, deflated image frames");
    }
    return d;
  }
}
