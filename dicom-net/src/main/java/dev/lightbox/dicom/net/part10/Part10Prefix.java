package dev.lightbox.dicom.net.part10;

import dev.lightbox.dicom.net.Implementation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the head of a DICOM Part 10 file (PS3.10 §7.1): the 128-byte preamble, {@code DICM} and
 * the File Meta Information group in Explicit VR Little Endian with its group length. What follows
 * is the data set exactly as received, in the transfer syntax named here: a C-STORE SCP has only
 * the command's UIDs and the data set's bytes, not a {@code Dataset} for dicom-core's
 * {@code DicomWriter}, and must not re-encode (a deflated data set is passed through as is).
 */
public final class Part10Prefix {
  private Part10Prefix() {}

  /**
   * Writes preamble, prefix and group 0002 for an instance received in {@code transferSyntaxUid}.
   *
   * @param sourceAeTitle Source Application Entity Title (0002,0016), or empty to omit it
   */
  public static void write(OutputStream out, String sopClassUid, String sopInstanceUid,
      String transferSyntaxUid, String sourceAeTitle) throws IOException {
    ByteArrayOutputStream group = new ByteArrayOutputStream(256);
    element(group, 0x0001, "OB", new byte[] {0, 1});
    element(group, 0x0002, "UI", uid(sopClassUid));
    element(group, 0x0003, "UI", uid(sopInstanceUid));
    element(group, 0x0010, "UI", uid(transferSyntaxUid));
    element(group, 0x0012, "UI", uid(Implementation.CLASS_UID));
    element(group, 0x0013, "SH", text(Implementation.VERSION_NAME));
    if (sourceAeTitle != null && !sourceAeTitle.isEmpty()) {
      element(group, 0x0016, "AE", text(sourceAeTitle));
    }
    out.write(new byte[128]);
    out.write(new byte[] {'D', 'I', 'C', 'M'});
    ByteArrayOutputStream length = new ByteArrayOutputStream(12);
    int n = group.size();
    element(length, 0x0000, "UL", new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16),
        (byte) (n >> 24)});
    length.writeTo(out);
    group.writeTo(out);
  }

  /** The bytes {@link #write} produces, for callers that prepend them to a stream. */
  public static byte[] bytes(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
      String sourceAeTitle) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(400);
    try {
      write(out, sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return out.toByteArray();
  }

  /** Explicit VR LE element; OB has the 12-byte header, the others 8 bytes (PS3.5 §7.1.2). */
  private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
    out.write(0x02);
    out.write(0x00);
    out.write(element);
    out.write(element >> 8);
    out.write(vr.charAt(0));
    out.write(vr.charAt(1));
    if (vr.equals("OB")) {
      out.write(0);
      out.write(0);
      out.write(value.length);
      out.write(value.length >> 8);
      out.write(value.length >> 16);
      out.write(value.length >> 24);
    } else {
      out.write(value.length);
      out.write(value.length >> 8);
    }
    out.writeBytes(value);
  }

  private static byte[] uid(String uid) {
    return padded(uid, (byte) 0);
  }

  private static byte[] text(String s) {
    return padded(s, (byte) ' ');
  }

  private static byte[] padded(String s, byte pad) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if ((b.length & 1) == 0) {
      return b;
    }
    byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
    p[b.length] = pad;
    return p;
  }
}
