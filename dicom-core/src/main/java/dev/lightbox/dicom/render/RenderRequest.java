package dev.lightbox.dicom.render;

import java.util.Optional;

/**
 * What to render.
 *
 * @param frame 0-based frame index
 * @param window the VOI window to apply to grayscale images, or empty for the file's choice
 * @param bits 8, or 16 for 16-bit grayscale output
 * @param viewport fit the output inside this size keeping the aspect ratio, or empty
 */
public record RenderRequest(int frame, Optional<Window> window, int bits,
    Optional<Viewport> viewport, VoiPreference voi) {

  /** Where the VOI transform comes from when no window is requested. */
  public enum VoiPreference {
    /** The file's first window, else its VOI LUT Sequence, else min/max (DESIGN.md). */
    FILE,
    /** Always the min/max of the frame's modality values (dcmtk's {@code +Wm}). */
    MIN_MAX
  }

  public RenderRequest {
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("bits must be 8 or 16, got " + bits);
    }
    if (frame < 0) {
      throw new IllegalArgumentException("frame index must be >= 0");
    }
  }

  public static RenderRequest firstFrame() {
    return new RenderRequest(0, Optional.empty(), 8, Optional.empty(), VoiPreference.FILE);
  }

  public RenderRequest withFrame(int f) {
    return new RenderRequest(f, window, bits, viewport, voi);
  }

  public RenderRequest withWindow(Window w) {
    return new RenderRequest(frame, Optional.of(w), bits, viewport, voi);
  }

  public RenderRequest withBits(int b) {
    return new RenderRequest(frame, window, b, viewport, voi);
  }

  public RenderRequest withViewport(Viewport v) {
    return new RenderRequest(frame, window, bits, Optional.of(v), voi);
  }

  public RenderRequest withVoi(VoiPreference v) {
    return new RenderRequest(frame, window, bits, viewport, v);
  }

  /** A maximum output size. */
  public record Viewport(int width, int height) {
    public Viewport {
      if (width < 1 || height < 1 || width > 16384 || height > 16384) {
        throw new IllegalArgumentException("viewport must be within 1..16384, got "
            + width + "x" + height);
      }
    }

    public static Viewport parse(String text) {
      String[] p = text.split(",", -1);
      if (p.length != 2) {
        throw new IllegalArgumentException("viewport must be width,height, got '" + text + "'");
      }
      try {
        return new Viewport(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("viewport must be two integers, got '" + text + "'");
      }
    }
  }
}
