package dev.lightbox.dicom.io;

/**
 * How the reader treats violations of PS3.5 that real files commonly contain. LENIENT repairs what it
 * safely can and records each repair as a {@link ParseProblem}; STRICT refuses the file instead.
 * Neither mode ever ignores a problem silently.
 */
public enum Strictness {
  STRICT,
  LENIENT
}
