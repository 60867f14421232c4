package dev.lightbox.dicom.testing;

import dev.lightbox.dicom.data.Vr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.Deflater;

/**
 * Builds DICOM bytes in code, element by element, so tests state exactly what the reader sees:
 * Part 10 files (PS3.10 §7.1: preamble, {@code DICM}, File Meta Information in explicit VR little
 * endian) or bare datasets, in implicit VR LE, explicit VR LE, explicit VR BE or deflated explicit
 * VR LE (PS3.5 §A.5). Nothing is validated: the raw methods write whatever a malformed-input test
 * needs (wrong lengths, missing delimiters, bad VRs).
 *
 * <p>Values are written as given; the string helpers pad to even length with the VR's padding byte
 * (PS3.5 §6.2) and binary helpers use the dataset's byte order.
 */
public final class DicomBytes {
  public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
  public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
  public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
  public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
  public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  public static final String RLE = "1.2.840.10008.1.2.5";

  public static final long UNDEFINED = 0xFFFFFFFFL;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final boolean explicitVr;
  private final boolean bigEndian;
  private final byte[] prefix;
  private final boolean deflate;
  private Charset textCharset = StandardCharsets.ISO_8859_1;

  private DicomBytes(boolean explicitVr, boolean bigEndian, byte[] prefix, boolean deflate) {
    this.explicitVr = explicitVr;
    this.bigEndian = bigEndian;
    this.prefix = prefix;
    this.deflate = deflate;
  }

  /** A bare dataset (no preamble, no meta information) in the encoding of {@code tsUid}. */
  public static DicomBytes dataset(String tsUid) {
    return new DicomBytes(!tsUid.equals(IMPLICIT_LE), tsUid.equals(EXPLICIT_BE), new byte[0],
        tsUid.equals(DEFLATED_LE));
  }

  /** A Part 10 file whose meta information declares {@code tsUid}. */
  public static DicomBytes part10(String tsUid) {
    return part10(tsUid, tsUid);
  }

  /**
   * A Part 10 file whose meta information declares {@code declaredTs} while the dataset is
   * written in the encoding of {@code actualTs} (for mismatch tests).
   */
  public static DicomBytes part10(String declaredTs, String actualTs) {
    DicomBytes meta = new DicomBytes(true, false, new byte[0], false);
    meta.bytes(0x00020001, Vr.OB, new byte[] {0, 1});
    meta.string(0x00020002, Vr.UI, "1.2.840.10008.5.1.4.1.1.7");
    meta.string(0x00020003, Vr.UI, "1.2.3.4.5.6.7.8.9");
    meta.string(0x00020010, Vr.UI, declaredTs);
    byte[] body = meta.out.toByteArray();
    DicomBytes group = new DicomBytes(true, false, new byte[0], false);
    group.ul(0x00020000, body.length);
    group.raw(body);
    byte[] groupBytes = group.out.toByteArray();
    byte[] prefix = new byte[132 + groupBytes.length];
    prefix[128] = 'D';
    prefix[129] = 'I';
    prefix[130] = 'C';
    prefix[131] = 'M';
    System.arraycopy(groupBytes, 0, prefix, 132, groupBytes.length);
    return new DicomBytes(!actualTs.equals(IMPLICIT_LE), actualTs.equals(EXPLICIT_BE), prefix,
        actualTs.equals(DEFLATED_LE));
  }

  /** A fresh builder with this one's dataset encoding and no prefix (for nested items). */
  public DicomBytes nested() {
    DicomBytes d = new DicomBytes(explicitVr, bigEndian, new byte[0], false);
    d.textCharset = textCharset;
    return d;
  }

  /** Charset used by {@link #string} for the following values (default ISO 8859-1). */
  public DicomBytes textCharset(Charset cs) {
    this.textCharset = cs;
    return this;
  }

  public boolean explicitVr() {
    return explicitVr;
  }

  public boolean bigEndian() {
    return bigEndian;
  }

  /** Bytes written to the dataset so far (before any prefix and deflate). */
  public int datasetLength() {
    return out.size();
  }

  /** Offset in the final file where the dataset starts. */
  public int datasetOffset() {
    return prefix.length;
  }

  // ---- headers ----

  /** A tag in the dataset byte order. */
  public DicomBytes tag(int tag) {
    u16(tag >>> 16);
    return u16(tag & 0xFFFF);
  }

  /** An element header with an arbitrary length (use {@link #UNDEFINED} for undefined length). */
  public DicomBytes header(int tag, Vr vr, long length) {
    tag(tag);
    if (explicitVr) {
      out.write(vr.name().charAt(0));
      out.write(vr.name().charAt(1));
      if (vr.longHeader()) {
        u16(0);
        u32(length);
      } else {
        u16((int) length);
      }
    } else {
      u32(length);
    }
    return this;
  }

  /** An explicit-VR header with arbitrary VR bytes and a 16-bit length (bad-VR tests). */
  public DicomBytes headerWithVrBytes(int tag, char v0, char v1, int length16) {
    tag(tag);
    out.write(v0);
    out.write(v1);
    return u16(length16);
  }

  // ---- values ----

  public DicomBytes bytes(int tag, Vr vr, byte[] value) {
    header(tag, vr, value.length);
    out.write(value, 0, value.length);
    return this;
  }

  /** A character-string value, padded to even length with the VR's padding (PS3.5 §6.2). */
  public DicomBytes string(int tag, Vr vr, String value) {
    byte[] b = value.getBytes(vr.charsetDependent() ? textCharset : StandardCharsets.ISO_8859_1);
    if ((b.length & 1) == 1) {
      b = Arrays.copyOf(b, b.length + 1);
      b[b.length - 1] = vr.padding();
    }
    return bytes(tag, vr, b);
  }

  /** A character-string value from raw bytes (e.g. ISO 2022 escapes), padded with space. */
  public DicomBytes text(int tag, Vr vr, byte[] encoded) {
    byte[] b = encoded;
    if ((b.length & 1) == 1) {
      b = Arrays.copyOf(b, b.length + 1);
      b[b.length - 1] = ' ';
    }
    return bytes(tag, vr, b);
  }

  public DicomBytes us(int tag, int... values) {
    return binary(tag, Vr.US, 2, toLongs(values));
  }

  public DicomBytes ss(int tag, int... values) {
    return binary(tag, Vr.SS, 2, toLongs(values));
  }

  public DicomBytes ul(int tag, long... values) {
    return binary(tag, Vr.UL, 4, values);
  }

  public DicomBytes sl(int tag, int... values) {
    return binary(tag, Vr.SL, 4, toLongs(values));
  }

  public DicomBytes sv(int tag, long... values) {
    return binary(tag, Vr.SV, 8, values);
  }

  public DicomBytes uv(int tag, long... values) {
    return binary(tag, Vr.UV, 8, values);
  }

  public DicomBytes fl(int tag, float... values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]) & 0xFFFFFFFFL;
    }
    return binary(tag, Vr.FL, 4, bits);
  }

  public DicomBytes fd(int tag, double... values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    return binary(tag, Vr.FD, 8, bits);
  }

  /** AT values: each tag as group then element, in the dataset byte order (PS3.5 §6.2). */
  public DicomBytes at(int tag, int... tags) {
    long[] words = new long[tags.length * 2];
    for (int i = 0; i < tags.length; i++) {
      words[2 * i] = tags[i] >>> 16;
      words[2 * i + 1] = tags[i] & 0xFFFF;
    }
    return binary(tag, Vr.AT, 2, words);
  }

  /** A binary value of {@code vr} with {@code size}-byte words in the dataset byte order. */
  public DicomBytes binary(int tag, Vr vr, int size, long... words) {
    header(tag, vr, (long) size * words.length);
    for (long w : words) {
      word(w, size);
    }
    return this;
  }

  private static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  // ---- sequences, items, fragments ----

  /** Undefined-length sequence header (items and the delimiter follow). */
  public DicomBytes beginSequence(int tag) {
    return header(tag, Vr.SQ, UNDEFINED);
  }

  /** Undefined-length item header. */
  public DicomBytes beginItem() {
    return item(UNDEFINED);
  }

  /** Item header with the given length. */
  public DicomBytes item(long length) {
    tag(0xFFFEE000);
    return u32(length);
  }

  public DicomBytes itemDelimiter() {
    tag(0xFFFEE00D);
    return u32(0);
  }

  public DicomBytes sequenceDelimiter() {
    tag(0xFFFEE0DD);
    return u32(0);
  }

  /** An undefined-length item holding what {@code body} writes, then its delimiter. */
  public DicomBytes undefinedItem(Consumer<DicomBytes> body) {
    beginItem();
    body.accept(this);
    return itemDelimiter();
  }

  /** A defined-length item holding what {@code body} writes. */
  public DicomBytes definedItem(Consumer<DicomBytes> body) {
    DicomBytes inner = nested();
    body.accept(inner);
    byte[] b = inner.out.toByteArray();
    item(b.length);
    return raw(b);
  }

  /** A defined-length sequence of the given (already encoded) items. */
  public DicomBytes definedSequence(int tag, byte[] encodedItems) {
    header(tag, Vr.SQ, encodedItems.length);
    return raw(encodedItems);
  }

  /** A defined-length sequence whose content (items) {@code body} writes. */
  public DicomBytes definedSequence(int tag, Consumer<DicomBytes> body) {
    DicomBytes inner = nested();
    body.accept(inner);
    return definedSequence(tag, inner.out.toByteArray());
  }

  /**
   * Encapsulated pixel data (PS3.5 §A.4): OB undefined length, a Basic Offset Table item with
   * {@code offsets}, one item per fragment, and the sequence delimiter.
   */
  public DicomBytes encapsulatedPixelData(long[] offsets, byte[]... fragments) {
    header(0x7FE00010, Vr.OB, UNDEFINED);
    item(4L * offsets.length);
    for (long o : offsets) {
      word(o, 4);
    }
    for (byte[] f : fragments) {
      item(f.length);
      raw(f);
    }
    return sequenceDelimiter();
  }

  // ---- raw ----

  public DicomBytes raw(byte... b) {
    out.write(b, 0, b.length);
    return this;
  }

  public DicomBytes u16(int v) {
    return word(v, 2);
  }

  public DicomBytes u32(long v) {
    return word(v, 4);
  }

  private DicomBytes word(long v, int size) {
    for (int i = 0; i < size; i++) {
      int shift = bigEndian ? 8 * (size - 1 - i) : 8 * i;
      out.write((int) (v >>> shift) & 0xFF);
    }
    return this;
  }

  /** The dataset bytes only (not deflated, no prefix). */
  public byte[] datasetBytes() {
    return out.toByteArray();
  }

  /** The complete input: prefix, then the dataset (raw-deflated for the deflated syntax). */
  public byte[] toByteArray() {
    byte[] body = out.toByteArray();
    if (deflate) {
      body = deflate(body);
    }
    byte[] all = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, all, prefix.length, body.length);
    return all;
  }

  /** Raw deflate (no zlib header), as PS3.5 §A.5 requires. */
  public static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      int n = d.deflate(buf);
      o.write(buf, 0, n);
    }
    d.end();
    return o.toByteArray();
  }
}
