package dev.lightbox.http.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Distinct, valid DICOM Part 10 files made in the test (Explicit VR Little Endian, PS3.10 §7.1
 * preamble and File Meta Information, a Secondary Capture 12-bit MONOCHROME2 image). File
 * {@code n} of a run is a pure function of (run, n), so the tests keep only the number and
 * regenerate the bytes to compare with what the server returns.
 */
public final class GeneratedDicom {
  static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
  static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

  private final long run;
  private final int minSide;
  private final int maxSide;

  /** Files of run {@code run} with square images of {@code minSide..maxSide} pixels a side. */
  GeneratedDicom(long run, int minSide, int maxSide) {
    this.run = Math.abs(run % 1_000_000_000L);
    this.minSide = minSide;
    this.maxSide = maxSide;
  }

  /** SOP Instance UID of file {@code n} (a valid UID: digits and dots, at most 64 chars). */
  String uid(int n) {
    return "2.25.4242." + run + "." + n;
  }

  byte[] file(int n) {
    Random random = new Random(run * 1_000_003L + n);
    int side = minSide + random.nextInt(maxSide - minSide + 1);
    byte[] pixels = new byte[side * side * 2];
    for (int i = 0; i < pixels.length; i += 2) {
      int v = random.nextInt(4096); // Bits Stored 12
      pixels[i] = (byte) v;
      pixels[i + 1] = (byte) (v >>> 8);
    }
    return build(uid(n), side, side, pixels);
  }

  static byte[] build(String sopUid, int rows, int cols, byte[] pixelData) {
    return build(sopUid, sopUid + ".1", sopUid + ".2", rows, cols, pixelData);
  }

  /** A file of the given study and series (several instances of one study, e.g. archives). */
  public static byte[] build(String sopUid, String studyUid, String seriesUid, int rows, int cols,
      byte[] pixelData) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", uidBytes(SECONDARY_CAPTURE));
    element(meta, 0x0002, 0x0003, "UI", uidBytes(sopUid));
    element(meta, 0x0002, 0x0010, "UI", uidBytes(EXPLICIT_LE));
    element(meta, 0x0002, 0x0012, "UI", uidBytes("2.25.4242.1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
    out.writeBytes(meta.toByteArray());
    element(out, 0x0008, 0x0016, "UI", uidBytes(SECONDARY_CAPTURE));
    element(out, 0x0008, 0x0018, "UI", uidBytes(sopUid));
    element(out, 0x0008, 0x0060, "CS", text("OT"));
    element(out, 0x0010, 0x0010, "PN", text("Reliability^Test"));
    element(out, 0x0010, 0x0020, "LO", text("REL-" + Integer.toHexString(sopUid.hashCode())));
    element(out, 0x0020, 0x000D, "UI", uidBytes(studyUid));
    element(out, 0x0020, 0x000E, "UI", uidBytes(seriesUid));
    element(out, 0x0028, 0x0002, "US", le16(1));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    element(out, 0x0028, 0x0010, "US", le16(rows));
    element(out, 0x0028, 0x0011, "US", le16(cols));
    element(out, 0x0028, 0x0100, "US", le16(16));
    element(out, 0x0028, 0x0101, "US", le16(12));
    element(out, 0x0028, 0x0102, "US", le16(11));
    element(out, 0x0028, 0x0103, "US", le16(0));
    element(out, 0x7FE0, 0x0010, "OW", pixelData);
    return out.toByteArray();
  }

  /** One Explicit VR LE element (PS3.5 §7.1.2: OB/OW/UN/SQ… have a 4-byte length). */
  static void element(ByteArrayOutputStream out, int group, int elem, String vr, byte[] value) {
    out.writeBytes(le16(group));
    out.writeBytes(le16(elem));
    out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ")
        || vr.equals("UT") || vr.equals("OF")) {
      out.writeBytes(new byte[2]);
      out.writeBytes(le32(value.length));
    } else {
      out.writeBytes(le16(value.length));
    }
    out.writeBytes(value);
  }

  /** A UI value padded to even length with NUL (PS3.5 §6.2). */
  static byte[] uidBytes(String uid) {
    return pad(uid, (byte) 0);
  }

  /** A text value padded to even length with a space (PS3.5 §6.2). */
  static byte[] text(String s) {
    return pad(s, (byte) ' ');
  }

  private static byte[] pad(String s, byte padding) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if (b.length % 2 == 0) {
      return b;
    }
    byte[] p = new byte[b.length + 1];
    System.arraycopy(b, 0, p, 0, b.length);
    p[b.length] = padding;
    return p;
  }

  static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8)};
  }

  static byte[] le32(long v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
