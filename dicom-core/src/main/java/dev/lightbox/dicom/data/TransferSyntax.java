package dev.lightbox.dicom.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transfer-syntax registry: every transfer syntax of PS3.6 Table A-1 with the facts the reader,
 * the writer, the decoders, rendering, DICOMweb and DIMSE negotiation need, in one place.
 *
 * <p>Encoding facts come from PS3.5 §10 and Annex A: VR explicitness, byte order, deflate of the
 * whole dataset (§A.5), encapsulated pixel data (§A.4). A syntax this table does not name (a
 * private one) is explicit VR little endian with encapsulated pixel data (PS3.5 §A.4), which is how
 * {@link #of(String)} treats unknown UIDs.
 *
 * <p>{@code mediaType} is the DICOMweb media type of the syntax's frames and pixel bulk data
 * (PS3.18 §8.7.3.3, Tables 8.7.3-4 and 8.7.3-5), empty when PS3.18 names none. Native syntaxes
 * share {@code application/octet-stream}: uncompressed bulk data is always sent little endian, as
 * Explicit VR Little Endian (Table 8.7.3-4), whatever the stored encoding.
 *
 * <p>Whether Lightbox can decode a syntax's pixel data is not a fact of the standard; it is asked
 * of {@code dev.lightbox.dicom.pixel.PixelDecoders#decodes(TransferSyntax)}, where decoders are
 * registered against the constants of this class.
 *
 * @param lossy true when the syntax may carry irreversibly compressed pixel data
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
    boolean deflated, boolean encapsulated, Compression compression, boolean lossy,
    boolean retired, Optional<String> mediaType) {
  private static final String OCTET_STREAM = "application/octet-stream";

  public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
      nativeSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false);
  public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
      nativeSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false);
  /** Encapsulated Uncompressed Explicit VR Little Endian (PS3.5 §A.4.11). */
  public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED = new TransferSyntax(
      "1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false,
      false, true, Compression.NONE, false, false, Optional.of(OCTET_STREAM));
  public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = nativeSyntax(
      "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true);
  /** Retired (PS3.5 §A.3), still read and written. */
  public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN = new TransferSyntax(
      "1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false,
      Compression.NONE, false, true, Optional.of(OCTET_STREAM));

  public static final TransferSyntax JPEG_BASELINE = lossy("1.2.840.10008.1.2.4.50",
      "JPEG Baseline (Process 1)", Compression.JPEG, "image/jpeg");
  public static final TransferSyntax JPEG_EXTENDED = lossy("1.2.840.10008.1.2.4.51",
      "JPEG Extended (Process 2 & 4)", Compression.JPEG, "image/jpeg");
  public static final TransferSyntax JPEG_LOSSLESS = lossless("1.2.840.10008.1.2.4.57",
      "JPEG Lossless, Non-Hierarchical (Process 14)", Compression.JPEG_LOSSLESS, "image/jpeg");
  public static final TransferSyntax JPEG_LOSSLESS_SV1 = lossless("1.2.840.10008.1.2.4.70",
      "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
      Compression.JPEG_LOSSLESS, "image/jpeg");
  public static final TransferSyntax JPEG_LS_LOSSLESS = lossless("1.2.840.10008.1.2.4.80",
      "JPEG-LS Lossless Image Compression", Compression.JPEG_LS, "image/jls");
  public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = lossy("1.2.840.10008.1.2.4.81",
      "JPEG-LS Lossy (Near-Lossless) Image Compression", Compression.JPEG_LS, "image/jls");
  public static final TransferSyntax JPEG_2000_LOSSLESS = lossless("1.2.840.10008.1.2.4.90",
      "JPEG 2000 Image Compression (Lossless Only)", Compression.JPEG_2000, "image/jp2");
  public static final TransferSyntax JPEG_2000 = lossy("1.2.840.10008.1.2.4.91",
      "JPEG 2000 Image Compression", Compression.JPEG_2000, "image/jp2");
  public static final TransferSyntax JPEG_2000_PART2_LOSSLESS = lossless(
      "1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)",
      Compression.JPEG_2000_PART2, "image/jpx");
  public static final TransferSyntax JPEG_2000_PART2 = lossy("1.2.840.10008.1.2.4.93",
      "JPEG 2000 Part 2 Multi-component Image Compression", Compression.JPEG_2000_PART2,
      "image/jpx");
  public static final TransferSyntax HTJ2K_LOSSLESS = lossless("1.2.840.10008.1.2.4.201",
      "High-Throughput JPEG 2000 Image Compression (Lossless Only)", Compression.HTJ2K,
      "image/jphc");
  public static final TransferSyntax HTJ2K_LOSSLESS_RPCL = lossless("1.2.840.10008.1.2.4.202",
      "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)",
      Compression.HTJ2K, "image/jphc");
  public static final TransferSyntax HTJ2K = lossy("1.2.840.10008.1.2.4.203",
      "High-Throughput JPEG 2000 Image Compression", Compression.HTJ2K, "image/jphc");
  public static final TransferSyntax RLE_LOSSLESS = lossless("1.2.840.10008.1.2.5",
      "RLE Lossless", Compression.RLE, "image/dicom-rle");
  /** PS3.5 §A.4.13: each frame is one fragment of deflated native data. */
  public static final TransferSyntax DEFLATED_IMAGE_FRAME = new TransferSyntax(
      "1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", true, false, false, true,
      Compression.DEFLATE, false, false, Optional.of(OCTET_STREAM));

  private static final Map<String, TransferSyntax> BY_UID = index(List.of(
      IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, ENCAPSULATED_UNCOMPRESSED,
      DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN,
      JPEG_BASELINE, JPEG_EXTENDED,
      retiredJpeg("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5)"),
      retiredJpeg("1.2.840.10008.1.2.4.53",
          "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)"),
      retiredJpeg("1.2.840.10008.1.2.4.54",
          "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)"),
      retiredJpeg("1.2.840.10008.1.2.4.55",
          "JPEG Full Progression, Non-Hierarchical (Process 10 & 12)"),
      retiredJpeg("1.2.840.10008.1.2.4.56",
          "JPEG Full Progression, Non-Hierarchical (Process 11 & 13)"),
      JPEG_LOSSLESS,
      retiredJpegLossless("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15)"),
      retiredJpeg("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical (Process 16 & 18)"),
      retiredJpeg("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical (Process 17 & 19)"),
      retiredJpeg("1.2.840.10008.1.2.4.61",
          "JPEG Spectral Selection, Hierarchical (Process 20 & 22)"),
      retiredJpeg("1.2.840.10008.1.2.4.62",
          "JPEG Spectral Selection, Hierarchical (Process 21 & 23)"),
      retiredJpeg("1.2.840.10008.1.2.4.63",
          "JPEG Full Progression, Hierarchical (Process 24 & 26)"),
      retiredJpeg("1.2.840.10008.1.2.4.64",
          "JPEG Full Progression, Hierarchical (Process 25 & 27)"),
      retiredJpegLossless("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical (Process 28)"),
      retiredJpegLossless("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical (Process 29)"),
      JPEG_LOSSLESS_SV1, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS,
      JPEG_2000_LOSSLESS, JPEG_2000, JPEG_2000_PART2_LOSSLESS, JPEG_2000_PART2,
      referenced("1.2.840.10008.1.2.4.94", "JPIP Referenced", false),
      referenced("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true),
      video("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Compression.MPEG2),
      video("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level",
          Compression.MPEG2),
      video("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", Compression.MPEG2),
      video("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level",
          Compression.MPEG2),
      video("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1",
          Compression.H264),
      video("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1",
          Compression.H264),
      video("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
          Compression.H264),
      video("1.2.840.10008.1.2.4.103.1",
          "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", Compression.H264),
      video("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video",
          Compression.H264),
      video("1.2.840.10008.1.2.4.104.1",
          "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", Compression.H264),
      video("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video",
          Compression.H264),
      video("1.2.840.10008.1.2.4.105.1",
          "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", Compression.H264),
      video("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2",
          Compression.H264),
      video("1.2.840.10008.1.2.4.106.1",
          "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", Compression.H264),
      video("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", Compression.HEVC),
      video("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1",
          Compression.HEVC),
      lossless("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", Compression.JPEG_XL, "image/jxl"),
      lossy("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", Compression.JPEG_XL,
          "image/jxl"),
      lossy("1.2.840.10008.1.2.4.112", "JPEG XL", Compression.JPEG_XL, "image/jxl"),
      HTJ2K_LOSSLESS, HTJ2K_LOSSLESS_RPCL, HTJ2K,
      referenced("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", false),
      referenced("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", true),
      RLE_LOSSLESS,
      referenced("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video",
          false),
      referenced("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video",
          false),
      referenced("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", false),
      DEFLATED_IMAGE_FRAME,
      new TransferSyntax("1.2.840.10008.1.20", "Papyrus 3 Implicit VR Little Endian", false,
          false, false, false, Compression.NONE, false, true, Optional.of(OCTET_STREAM))));

  /** The syntax for {@code uid}; unknown UIDs are treated as explicit VR little endian. */
  public static TransferSyntax of(String uid) {
    String u = uid.strip();
    TransferSyntax known = BY_UID.get(u);
    return known != null ? known : new TransferSyntax(u, "Unknown (" + u + ")", true, false, false,
        true, Compression.UNKNOWN, false, false, Optional.empty());
  }

  /** The registered syntax for {@code uid}, or empty for a UID the registry does not name. */
  public static Optional<TransferSyntax> lookup(String uid) {
    return Optional.ofNullable(BY_UID.get(uid.strip()));
  }

  /** Every registered syntax, in UID order of PS3.6 Table A-1. */
  public static List<TransferSyntax> all() {
    return List.copyOf(BY_UID.values());
  }

  /** True when this UID is one the registry names. */
  public boolean isKnown() {
    return equals(BY_UID.get(uid));
  }

  /** True when pixel data is native: in the Pixel Data value or in native encapsulated frames. */
  public boolean nativePixels() {
    return compression == Compression.NONE;
  }

  /**
   * The media type with its {@code transfer-syntax} parameter (PS3.18 §8.7.3.5.2), e.g. {@code
   * image/jls; transfer-syntax=1.2.840.10008.1.2.4.80}. Native syntaxes other than encapsulated
   * uncompressed name Explicit VR Little Endian, the encoding of uncompressed bulk data.
   */
  public Optional<String> mediaTypeWithSyntax() {
    String parameterUid = compression == Compression.NONE && !encapsulated
        ? EXPLICIT_VR_LITTLE_ENDIAN_UID : uid;
    return mediaType.map(type -> type + "; transfer-syntax=" + parameterUid);
  }

  @Override
  public String toString() {
    return name + " (" + uid + ")";
  }

  private static final String EXPLICIT_VR_LITTLE_ENDIAN_UID = "1.2.840.10008.1.2.1";

  private static TransferSyntax nativeSyntax(String uid, String name, boolean explicitVr,
      boolean bigEndian, boolean deflated) {
    return new TransferSyntax(uid, name, explicitVr, bigEndian, deflated, false, Compression.NONE,
        false, false, Optional.of(OCTET_STREAM));
  }

  private static TransferSyntax lossless(String uid, String name, Compression c, String media) {
    return new TransferSyntax(uid, name, true, false, false, true, c, false, false,
        Optional.of(media));
  }

  private static TransferSyntax lossy(String uid, String name, Compression c, String media) {
    return new TransferSyntax(uid, name, true, false, false, true, c, true, false,
        Optional.of(media));
  }

  /** Retired JPEG processes: PS3.18 names no media type for them. */
  private static TransferSyntax retiredJpeg(String uid, String name) {
    return new TransferSyntax(uid, name, true, false, false, true, Compression.JPEG, true, true,
        Optional.empty());
  }

  private static TransferSyntax retiredJpegLossless(String uid, String name) {
    return new TransferSyntax(uid, name, true, false, false, true, Compression.JPEG_LOSSLESS,
        false, true, Optional.empty());
  }

  /** Video (PS3.18 Table 8.7.3-5): MPEG-2 as video/mpeg, H.264 as video/mp4, HEVC as video/H265. */
  private static TransferSyntax video(String uid, String name, Compression c) {
    String media = switch (c) {
      case MPEG2 -> "video/mpeg";
      case H264 -> "video/mp4";
      default -> "video/H265";
    };
    return lossy(uid, name, c, media);
  }

  /** Pixel data outside the dataset: explicit VR LE, nothing encapsulated (PS3.5 §A.6, §A.7). */
  private static TransferSyntax referenced(String uid, String name, boolean deflated) {
    return new TransferSyntax(uid, name, true, false, deflated, false, Compression.REFERENCED,
        false, false, Optional.empty());
  }

  private static Map<String, TransferSyntax> index(List<TransferSyntax> all) {
    Map<String, TransferSyntax> map = new LinkedHashMap<>();
    for (TransferSyntax ts : all) {
      if (map.put(ts.uid(), ts) != null) {
        throw new IllegalStateException("duplicate transfer syntax " + ts.uid());
      }
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
