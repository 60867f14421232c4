package dev.lightbox.dicom.pixel;

import static dev.lightbox.dicom.data.TransferSyntax.DEFLATED_IMAGE_FRAME;
import static dev.lightbox.dicom.data.TransferSyntax.HTJ2K;
import static dev.lightbox.dicom.data.TransferSyntax.HTJ2K_LOSSLESS;
import static dev.lightbox.dicom.data.TransferSyntax.HTJ2K_LOSSLESS_RPCL;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_2000;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_2000_LOSSLESS;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_BASELINE;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_EXTENDED;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_LOSSLESS;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_LOSSLESS_SV1;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_LS_LOSSLESS;
import static dev.lightbox.dicom.data.TransferSyntax.JPEG_LS_NEAR_LOSSLESS;
import static dev.lightbox.dicom.data.TransferSyntax.RLE_LOSSLESS;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decoder for each encapsulated transfer syntax we support (PS3.5 §A.4, §8.2), registered
 * against the syntaxes of the {@link TransferSyntax} registry: one line per decoder. Native
 * syntaxes need no decoder (see {@link #decodes(TransferSyntax)}).
 */
public final class PixelDecoders {
  private PixelDecoders() {}

  private static final Map<String, PixelDecoder> BY_UID = new LinkedHashMap<>();

  static {
    register(new RlePixelDecoder(), RLE_LOSSLESS);
    register(new JpegDctPixelDecoder(), JPEG_BASELINE, JPEG_EXTENDED);
    register(new JpegLosslessPixelDecoder(), JPEG_LOSSLESS, JPEG_LOSSLESS_SV1);
    register(new JpegLsPixelDecoder(), JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS);
    register(new Jpeg2000PixelDecoder(), JPEG_2000_LOSSLESS, JPEG_2000, HTJ2K_LOSSLESS,
        HTJ2K_LOSSLESS_RPCL, HTJ2K);
    register(new DeflatedFramePixelDecoder(), DEFLATED_IMAGE_FRAME);
  }

  private static void register(PixelDecoder decoder, TransferSyntax... syntaxes) {
    for (TransferSyntax ts : syntaxes) {
      if (!ts.encapsulated() || BY_UID.put(ts.uid(), decoder) != null) {
        throw new IllegalStateException("cannot register a decoder for " + ts);
      }
    }
  }

  public static Optional<PixelDecoder> forSyntax(String uid) {
    return Optional.ofNullable(BY_UID.get(uid));
  }

  /**
   * True when Lightbox can decode pixel data of {@code ts}: native syntaxes (including
   * Encapsulated Uncompressed) always, compressed ones when a decoder is registered.
   */
  public static boolean decodes(TransferSyntax ts) {
    return ts.nativePixels() || BY_UID.containsKey(ts.uid());
  }

  /** The registered syntaxes whose pixel data Lightbox decodes, in registry order. */
  public static List<TransferSyntax> decodableSyntaxes() {
    return TransferSyntax.all().stream().filter(PixelDecoders::decodes).toList();
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
