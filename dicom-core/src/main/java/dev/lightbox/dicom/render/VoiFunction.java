package dev.lightbox.dicom.render;

import java.util.Locale;
import java.util.Optional;

/** VOI LUT Function (0028,1056), PS3.3 C.11.2.1.2 and C.11.2.1.3. */
public enum VoiFunction {
  LINEAR,
  LINEAR_EXACT,
  SIGMOID;

  /** Parses the DICOM defined term ({@code LINEAR_EXACT}) or the API form ({@code linear-exact}). */
  public static Optional<VoiFunction> parse(String s) {
    String t = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (VoiFunction f : values()) {
      if (f.name().equals(t)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
