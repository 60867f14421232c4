package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.ScratchArrays;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.ValueDecoder;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Access to the frames of an image, one at a time: native frames are located by offset arithmetic
 * and encapsulated frames by {@link FrameLocator}, so decoding frame n never reads the others.
 */
public final class PixelData {
  /** Ceiling on the compressed bytes of one frame read into memory. */
  public static final long MAX_FRAME_BYTES = 1L << 30;

  private final Dataset dataset;
  private final ImagePixel image;
  private final TransferSyntax syntax;
  private final ByteSource source;
  private final Element pixelElement;

  private PixelData(Dataset dataset, ImagePixel image, TransferSyntax syntax, ByteSource source,
      Element pixelElement) {
    this.dataset = dataset;
    this.image = image;
    this.syntax = syntax;
    this.source = source;
    this.pixelElement = pixelElement;
  }

  /**
   * @param source the bytes the result was parsed from (needed for values left in the source)
   */
  public static PixelData of(ParseResult parsed, ByteSource source) throws PixelDataException {
    Dataset ds = parsed.dataset();
    ImagePixel image = ImagePixel.from(ds);
    Element element = ds.element(image.pixelDataTag()).orElseThrow();
    return new PixelData(ds, image, parsed.transferSyntax(), source, element);
  }

  public ImagePixel image() {
    return image;
  }

  public Dataset dataset() {
    return dataset;
  }

  public int frameCount() {
    return image.frames();
  }

  public TransferSyntax transferSyntax() {
    return syntax;
  }

  /**
   * The bytes of {@code tag} in {@code owner} (this dataset or one of its items), reading values
   * left in the source; empty when absent or not a byte value.
   */
  public Optional<byte[]> valueBytes(Dataset owner, int tag) {
    Object v = owner.value(tag).orElse(null);
    if (v instanceof byte[] b) {
      return Optional.of(b);
    }
    if (v instanceof BulkDataRef r && r.length() <= MAX_FRAME_BYTES) {
      try {
        return Optional.of(source.readBytes(r.offset(), (int) r.length()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  /** Decodes frame {@code index} (0-based). */
  public Frame frame(int index) throws IOException {
    if (index < 0 || index >= image.frames()) {
      throw new PixelDataException(Reason.FRAME_OUT_OF_RANGE, "Frame " + (index + 1)
          + " is out of range: the image has " + image.frames() + " frame"
          + (image.frames() == 1 ? "" : "s"));
    }
    Object value = pixelElement.value();
    if (value instanceof Fragments fragments) {
      return encapsulatedFrame(fragments, index);
    }
    if (syntax.encapsulated() && !syntax.isKnown()) {
      throw new PixelDataException(Reason.UNSUPPORTED_TRANSFER_SYNTAX,
          "Transfer syntax " + syntax.uid() + " is unknown");
    }
    return nativeFrame(value, index);
  }

  private Frame nativeFrame(Object value, int index) throws IOException {
    long frameLength = image.nativeFrameLength();
    long bitStart = image.bitsAllocated() == 1
        ? (long) index * image.pixelCount() * image.samplesPerPixel() : -1;
    long start = bitStart >= 0 ? bitStart / 8 : index * frameLength;
    int bitOffset = bitStart >= 0 ? (int) (bitStart % 8) : 0;
    long need = bitStart >= 0 ? (bitOffset + (long) image.pixelCount()
        * image.samplesPerPixel() + 7) / 8 : frameLength;
    checkNativeRange(value, index, start, need);
    boolean bigEndian = dataset.bigEndian();
    boolean swap16 = bigEndian && pixelElement.vr() == Vr.OW && image.bitsAllocated() == 8;
    if (value instanceof byte[] b) {
      return NativeFrameDecoder.decode(image, b, (int) start, bitOffset, bigEndian, swap16);
    }
    // Read into a pooled array: the decoder copies every sample out of it.
    BulkDataRef ref = (BulkDataRef) value;
    byte[] bytes = ScratchArrays.SHARED.bytes((int) need);
    try {
      source.read(ref.offset() + start, bytes, 0, (int) need);
      return NativeFrameDecoder.decode(image, bytes, 0, bitOffset, bigEndian, swap16);
    } finally {
      ScratchArrays.SHARED.release(bytes);
    }
  }

  private void checkNativeRange(Object value, int index, long start, long need)
      throws PixelDataException {
    long available = value instanceof byte[] b ? b.length
        : value instanceof BulkDataRef r ? r.length() : 0;
    if (start + need > available) {
      throw new PixelDataException(Reason.CORRUPT, "Pixel Data holds " + available
          + " bytes but frame " + (index + 1) + " needs bytes " + start + ".." + (start + need)
          + " (" + image.columns() + "x" + image.rows() + "x" + image.samplesPerPixel() + ", "
          + image.bitsAllocated() + " bits allocated)");
    }
    if (need > MAX_FRAME_BYTES) {
      throw new PixelDataException(Reason.LIMIT_EXCEEDED, "Frame of " + need
          + " bytes exceeds the limit of " + MAX_FRAME_BYTES);
    }
  }

  /**
   * Frame {@code index} (0-based) as display-ready 8-bit RGB bytes, when the stored pixels already
   * are exactly that: native (uncompressed) RGB, 8 bits allocated and stored, pixel-interleaved
   * (Planar Configuration 0, PS3.3 C.7.6.3.1.3), not byte-swapped OW words. Then the bytes need no
   * decoding at all ({@link NativeFrameDecoder} would widen them to ints only for the renderer to
   * narrow them back). Empty for every other image. The array is the caller's (a copy, possibly
   * from {@link ScratchArrays#SHARED}, which the caller may give back).
   */
  public Optional<byte[]> interleavedRgb8(int index) throws IOException {
    Object value = pixelElement.value();
    if (!(value instanceof byte[] || value instanceof BulkDataRef)
        || (syntax.encapsulated() && !syntax.isKnown())
        || !image.photometric().equals("RGB") || image.samplesPerPixel() != 3
        || image.bitsAllocated() != 8 || image.bitsStored() != 8 || image.highBit() != 7
        || image.planarConfiguration() != 0 || image.floatingPoint()
        || (dataset.bigEndian() && pixelElement.vr() == Vr.OW)
        || index < 0 || index >= image.frames()) {
      return Optional.empty();
    }
    long need = image.nativeFrameLength();
    long start = index * need;
    checkNativeRange(value, index, start, need);
    byte[] out = ScratchArrays.SHARED.bytes((int) need);
    if (value instanceof byte[] b) {
      System.arraycopy(b, (int) start, out, 0, (int) need);
    } else {
      source.read(((BulkDataRef) value).offset() + start, out, 0, (int) need);
    }
    return Optional.of(out);
  }

  /**
   * The compressed bytes of frame {@code index} (0-based): its fragments concatenated, located
   * as for decoding but not decoded. For callers that pass frames on as they are.
   */
  public byte[] encapsulatedFrame(int index) throws IOException {
    if (index < 0 || index >= image.frames()) {
      throw new PixelDataException(Reason.FRAME_OUT_OF_RANGE, "Frame " + (index + 1)
          + " is out of range: the image has " + image.frames() + " frames");
    }
    if (!(pixelElement.value() instanceof Fragments fragments)) {
      throw new PixelDataException(Reason.INVALID_IMAGE, "Pixel Data is not encapsulated");
    }
    return frameBytes(fragments, index);
  }

  private Frame encapsulatedFrame(Fragments fragments, int index) throws IOException {
    if (syntax.nativePixels() || !syntax.encapsulated()) {
      // Encapsulated Uncompressed: fragments of a frame are native little-endian data.
      byte[] bytes = frameBytes(fragments, index);
      if (bytes.length < image.nativeFrameLength()) {
        throw new PixelDataException(Reason.CORRUPT, "Encapsulated uncompressed frame has "
            + bytes.length + " bytes, expected " + image.nativeFrameLength());
      }
      return NativeFrameDecoder.decode(image, bytes, 0, 0, false, false);
    }
    PixelDecoder decoder = PixelDecoders.require(syntax);
    return decoder.decode(image, frameBytes(fragments, index));
  }

  private byte[] frameBytes(Fragments fragments, int index) throws IOException {
    long[] extended = extendedOffsetTable();
    List<BulkDataRef> parts = FrameLocator.fragmentsOf(fragments, extended, image.frames(), index,
        (frag, n) -> source.readBytes(frag.offset(), (int) Math.min(n, frag.length())));
    long total = 0;
    for (BulkDataRef p : parts) {
      total += p.length();
    }
    if (total > MAX_FRAME_BYTES) {
      throw new PixelDataException(Reason.LIMIT_EXCEEDED, "Compressed frame of " + total
          + " bytes exceeds the limit of " + MAX_FRAME_BYTES);
    }
    byte[] out = new byte[(int) total];
    int at = 0;
    for (BulkDataRef p : parts) {
      source.read(p.offset(), out, at, (int) p.length());
      at += (int) p.length();
    }
    return out;
  }

  /** Extended Offset Table (7FE0,0001), PS3.5 §A.4: 64-bit offsets, one per frame. */
  private long[] extendedOffsetTable() throws IOException {
    Object v = dataset.value(Tag.EXTENDED_OFFSET_TABLE).orElse(null);
    byte[] raw = v instanceof byte[] b ? b
        : v instanceof BulkDataRef r && r.length() <= 8L * image.frames()
            ? source.readBytes(r.offset(), (int) r.length()) : null;
    if (raw == null || raw.length != 8L * image.frames()) {
      return null;
    }
    long[] out = new long[image.frames()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ValueDecoder.readLong(raw, i * 8, false);
    }
    return out;
  }
}
