package dev.lightbox.dicom.data;

/**
 * How a transfer syntax encodes pixel data (PS3.5 §8 and Annex A): the family of the compressed
 * bitstream, or none. Facts of the standard only; which families Lightbox decodes is answered by
 * {@code dev.lightbox.dicom.pixel.PixelDecoders}.
 */
public enum Compression {
  /** Native pixel data in the value of Pixel Data (PS3.5 §8.1), or encapsulated native frames. */
  NONE,
  /** RLE Lossless (PS3.5 Annex G). */
  RLE,
  /** JPEG DCT processes, baseline and extended (ITU-T T.81, PS3.5 §8.2.1). */
  JPEG,
  /** JPEG lossless processes (ITU-T T.81 Annex H). */
  JPEG_LOSSLESS,
  /** JPEG-LS (ITU-T T.87, PS3.5 §8.2.3). */
  JPEG_LS,
  /** JPEG 2000 Part 1 (ISO/IEC 15444-1, PS3.5 §8.2.4). */
  JPEG_2000,
  /** JPEG 2000 Part 2 multi-component (ISO/IEC 15444-2, PS3.5 §8.2.4). */
  JPEG_2000_PART2,
  /** High-Throughput JPEG 2000 (ISO/IEC 15444-15, PS3.5 §8.2.4). */
  HTJ2K,
  /** JPEG XL (ISO/IEC 18181, PS3.5 §8.2.16). */
  JPEG_XL,
  /** MPEG-2 video (PS3.5 §8.2.5). */
  MPEG2,
  /** MPEG-4 AVC/H.264 video (PS3.5 §8.2.6, §8.2.7, §8.2.8). */
  H264,
  /** HEVC/H.265 video (PS3.5 §8.2.9). */
  HEVC,
  /** Deflated Image Frame Compression: each frame is deflated native data (PS3.5 §8.2.15). */
  DEFLATE,
  /** Pixel data is not in the dataset: referenced (JPIP, PS3.5 §A.6) or sent apart (SMPTE 2110). */
  REFERENCED,
  /** A syntax the registry does not name (a private one): the bitstream is not known. */
  UNKNOWN
}
