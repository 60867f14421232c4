package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the value of the top-level Pixel Data (7FE0,0010) lies in a stored file. Ingest stops
 * reading before Pixel Data, so the metadata document records no position for it; the header is
 * read again up to it (the header only: no pixel byte is read) and the element header found there
 * is decoded (PS3.5 §7.1). A defined length is the native value. An undefined length is
 * encapsulated (PS3.5 §A.4): the value is the items (Basic Offset Table and fragments, each with
 * its item header) up to the Sequence Delimitation Item, found by walking the item headers.
 */
final class PixelDataLocator {
  private static final int ITEM = 0xFFFEE000;
  private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
  private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

  private PixelDataLocator() {}

  /** The stored value's position, or empty when the file has no top-level Pixel Data. */
  static Optional<BulkDataRef> locate(ByteSource source, ReadOptions headerOptions)
      throws IOException, ServiceException {
    ParseResult header = DicomReader.read(source,
        headerOptions.withStopBeforeTag(Tag.PIXEL_DATA));
    if (!header.stoppedEarly()) {
      return Optional.empty();
    }
    TransferSyntax ts = header.transferSyntax();
    if (ts.deflated()) {
      // Positions in a deflated dataset count inflated bytes: there is no range of the file.
      throw new ServiceException(Failure.BULK_DATA_NOT_FOUND, "Pixel Data of a file stored in "
          + "the Deflated transfer syntax has no byte range in the stored file; retrieve its "
          + "frames through DICOMweb (…/frames/{n} or …/bulkdata/7FE00010)");
    }
    long at = header.endOffset();
    long size = source.length();
    if (at + 8 > size) {
      return Optional.empty();
    }
    byte[] head = source.readBytes(at, (int) Math.min(12, size - at));
    boolean big = ts.bigEndian();
    int tag = (u16(head, 0, big) << 16) | u16(head, 2, big);
    if (tag != Tag.PIXEL_DATA) {
      return Optional.empty(); // stopped at a later tag: there is no Pixel Data
    }
    long valueStart;
    long length;
    if (ts.explicitVr()) {
      Optional<Vr> vr = Vr.fromBytes(head[4], head[5]);
      boolean longHeader = vr.map(Vr::longHeader).orElse(true);
      if (longHeader && head.length < 12) {
        throw malformed(at, "element header ends with the file");
      }
      valueStart = at + (longHeader ? 12 : 8);
      length = longHeader ? u32(head, 8, big) : u16(head, 6, big);
    } else {
      valueStart = at + 8;
      length = u32(head, 4, big);
    }
    if (length != UNDEFINED_LENGTH) {
      if (valueStart + length > size) {
        throw malformed(at, "length " + length + " runs past the end of the file at " + size);
      }
      return Optional.of(new BulkDataRef(valueStart, length));
    }
    return Optional.of(new BulkDataRef(valueStart, encapsulatedEnd(source, valueStart, size)
        - valueStart));
  }

  /** The offset of the Sequence Delimitation Item that ends the items starting at {@code from}. */
  private static long encapsulatedEnd(ByteSource source, long from, long size)
      throws IOException, ServiceException {
    long pos = from;
    while (pos + 8 <= size) {
      byte[] item = source.readBytes(pos, 8);
      int tag = (u16(item, 0, false) << 16) | u16(item, 2, false); // always LE (PS3.5 §A.4)
      long length = u32(item, 4, false);
      if (tag == SEQUENCE_DELIMITATION) {
        return pos;
      }
      if (tag != ITEM || length == UNDEFINED_LENGTH || pos + 8 + length > size) {
        throw malformed(pos, "expected an item (FFFE,E000) of defined length inside the file, "
            + "found (" + String.format("%04X,%04X", tag >>> 16, tag & 0xFFFF) + ") of length "
            + length);
      }
      pos += 8 + length;
    }
    throw malformed(pos, "encapsulated Pixel Data has no Sequence Delimitation Item");
  }

  private static ServiceException malformed(long offset, String what) {
    return new ServiceException(Failure.INVALID_PIXEL_DATA, "Pixel Data (7FE0,0010) at byte "
        + offset + " of the stored file: " + what);
  }

  private static int u16(byte[] b, int i, boolean big) {
    return big ? ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF) : (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
  }

  private static long u32(byte[] b, int i, boolean big) {
    long hi = big ? u16(b, i, true) : u16(b, i + 2, false);
    long lo = big ? u16(b, i + 2, true) : u16(b, i, false);
    return (hi << 16) | lo;
  }
}
