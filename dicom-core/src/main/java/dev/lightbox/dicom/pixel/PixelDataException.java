package dev.lightbox.dicom.pixel;

import java.io.IOException;

/**
 * Pixel data cannot be produced: absent, inconsistent with the Image Pixel module, compressed with
 * a syntax we do not decode, corrupt, or above a limit. {@link #reason()} lets callers pick a status
 * (e.g. 422 for unsupported syntax, 400 for a frame out of range) without parsing messages.
 */
public class PixelDataException extends IOException {
  public enum Reason {
    NO_PIXEL_DATA,
    INVALID_IMAGE,
    UNSUPPORTED_TRANSFER_SYNTAX,
    FRAME_OUT_OF_RANGE,
    CORRUPT,
    LIMIT_EXCEEDED
  }

  private final Reason reason;

  public PixelDataException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PixelDataException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
