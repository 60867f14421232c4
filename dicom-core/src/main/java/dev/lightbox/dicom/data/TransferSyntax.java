package dev.lightbox.dicom.data;

import java.util.Map;

/**
 * How a dataset is encoded (PS3.5 §10): VR explicitness, byte order, deflate, and whether pixel
 * data is encapsulated. Every syntax not listed here is explicit VR little endian with encapsulated
 * pixel data (PS3.5 §A.4), which is how {@link #of(String)} treats unknown UIDs.
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
    boolean deflated, boolean encapsulated) {

  public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN = new TransferSyntax(
      "1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
  public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN = new TransferSyntax(
      "1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
  public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = new TransferSyntax(
      "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
  public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN = new TransferSyntax(
      "1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);
  /** Encapsulated Uncompressed Explicit VR Little Endian (PS3.5 §A.4.11). */
  public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED = new TransferSyntax(
      "1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false,
      false, true);

  private static final Map<String, String> ENCAPSULATED_NAMES = Map.ofEntries(
      Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"),
      Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
      Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
      Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
      Map.entry("1.2.840.10008.1.2.4.70",
          "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
      Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
      Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
      Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
      Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
      Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
      Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
      Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.202",
          "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)"),
      Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
      Map.entry("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression"));

  /** The syntax for {@code uid}; unknown UIDs are treated as explicit VR little endian. */
  public static TransferSyntax of(String uid) {
    String u = uid.strip();
    return switch (u) {
      case "1.2.840.10008.1.2" -> IMPLICIT_VR_LITTLE_ENDIAN;
      case "1.2.840.10008.1.2.1" -> EXPLICIT_VR_LITTLE_ENDIAN;
      case "1.2.840.10008.1.2.1.99" -> DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
      case "1.2.840.10008.1.2.2" -> EXPLICIT_VR_BIG_ENDIAN;
      case "1.2.840.10008.1.2.1.98" -> ENCAPSULATED_UNCOMPRESSED;
      default -> new TransferSyntax(u, ENCAPSULATED_NAMES.getOrDefault(u, "Unknown (" + u + ")"),
          true, false, false, true);
    };
  }

  /** True when this UID is one the registry above names. */
  public boolean isKnown() {
    return !name.startsWith("Unknown");
  }
}
