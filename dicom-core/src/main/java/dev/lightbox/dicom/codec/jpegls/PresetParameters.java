package dev.lightbox.dicom.codec.jpegls;

/**
 * JPEG-LS preset coding parameters as signalled in an LSE marker segment of type 1 (ITU-T T.87
 * §C.2.4.1.1). A zero field means "use the default" for that parameter.
 */
record PresetParameters(int maxVal, int t1, int t2, int t3, int reset) {
  static final PresetParameters DEFAULTS = new PresetParameters(0, 0, 0, 0, 0);
}
