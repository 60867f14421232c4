package dev.lightbox.dicom.codec.jpeg2000;

/** Decoded code-block samples: magnitudes (twice the value plus the bin-centre bit) and signs. */
interface BlockSamples {
  int[] magnitudes();

  boolean negative(int x, int y);
}
