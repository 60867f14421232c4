package dev.lightbox.service.retrieve;

/** How frames are handed out (PS3.18 §8.7.3.3). */
public enum FrameEncoding {
  /** The frame as stored: the compressed bitstream of an encapsulated syntax, else native bytes. */
  AS_STORED,
  /** Uncompressed little-endian pixel values ({@code application/octet-stream}), decoded if needed. */
  NATIVE
}
