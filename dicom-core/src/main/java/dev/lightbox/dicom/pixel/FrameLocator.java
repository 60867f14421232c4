package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the fragments of one frame in encapsulated pixel data (PS3.5 §A.4) without touching the
 * other frames: from the Extended Offset Table, else the Basic Offset Table, else one fragment per
 * frame, else by scanning fragment starts for a codestream start marker.
 */
final class FrameLocator {
  private FrameLocator() {}

  /** Reads the first bytes of a fragment (for marker scanning). */
  interface Peek {
    byte[] head(BulkDataRef fragment, int n) throws java.io.IOException;
  }

  static List<BulkDataRef> fragmentsOf(Fragments pixelData, long[] extendedOffsets, int frames,
      int frame, Peek peek) throws java.io.IOException {
    List<BulkDataRef> all = pixelData.fragments();
    if (all.isEmpty()) {
      throw new PixelDataException(Reason.CORRUPT, "Encapsulated Pixel Data has no fragments");
    }
    long firstItem = all.get(0).offset() - 8;
    long[] offsets = extendedOffsets != null && extendedOffsets.length == frames
        ? extendedOffsets
        : pixelData.basicOffsetTableLength() == frames ? pixelData.basicOffsetTable() : null;
    if (offsets != null) {
      long start = offsets[frame];
      long end = frame + 1 < frames ? offsets[frame + 1] : Long.MAX_VALUE;
      List<BulkDataRef> out = new ArrayList<>();
      for (BulkDataRef f : all) {
        long rel = f.offset() - 8 - firstItem;
        if (rel >= start && rel < end) {
          out.add(f);
        }
      }
      if (out.isEmpty()) {
        throw new PixelDataException(Reason.CORRUPT, "Offset table entry " + start
            + " for frame " + (frame + 1) + " matches no fragment");
      }
      return out;
    }
    if (frames == 1) {
      return all;
    }
    if (all.size() == frames) {
      return List.of(all.get(frame));
    }
    // Scan for codestream starts: JPEG/JPEG-LS SOI (FFD8), JPEG 2000 SOC (FF4F) or a JP2 box.
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      byte[] head = peek.head(all.get(i), 4);
      if (isCodestreamStart(head)) {
        starts.add(i);
      }
    }
    if (starts.size() != frames || starts.get(0) != 0) {
      throw new PixelDataException(Reason.CORRUPT, "Cannot locate frame " + (frame + 1) + " of "
          + frames + ": no offset table and " + all.size() + " fragments with " + starts.size()
          + " codestream starts");
    }
    int from = starts.get(frame);
    int to = frame + 1 < frames ? starts.get(frame + 1) : all.size();
    return all.subList(from, to);
  }

  private static boolean isCodestreamStart(byte[] h) {
    if (h.length < 2) {
      return false;
    }
    int a = h[0] & 0xFF;
    int b = h[1] & 0xFF;
    return (a == 0xFF && (b == 0xD8 || b == 0x4F))
        || (h.length >= 4 && a == 0 && b == 0 && h[2] == 0 && (h[3] & 0xFF) == 0x0C);
  }
}
