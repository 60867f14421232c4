package dev.lightbox.dicom.codec.jpegls;

/**
 * SOF55 frame header (ITU-T T.87 §C.2.2): sample precision, dimensions and component identifiers.
 * Sampling factors other than 1×1 are rejected while parsing, so every component has the frame's
 * dimensions.
 */
record FrameHeader(int precision, int width, int height, int[] componentIds) {
  int components() {
    return componentIds.length;
  }

  FrameHeader withDimensions(int newWidth, int newHeight) {
    return new FrameHeader(precision, newWidth, newHeight, componentIds);
  }

  /** Frame component index of identifier {@code id}, or -1. */
  int indexOf(int id) {
    for (int i = 0; i < componentIds.length; i++) {
      if (componentIds[i] == id) {
        return i;
      }
    }
    return -1;
  }
}
