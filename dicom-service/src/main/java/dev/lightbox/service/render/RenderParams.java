package dev.lightbox.service.render;

import dev.lightbox.dicom.render.RenderRequest.Viewport;
import dev.lightbox.dicom.render.Window;
import dev.lightbox.storage.blob.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A validated rendering request as the API states it: a 1-based frame number, an optional window
 * and viewport, the output depth and the output format.
 */
public record RenderParams(int frame, Optional<Window> window, Optional<Viewport> viewport, int bits,
    ImageFormat format) {

  /** Output formats the renderer can produce. */
  public enum ImageFormat {
    PNG("image/png"),
    JPEG("image/jpeg");

    private final String mediaType;

    ImageFormat(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }
  }

  public RenderParams {
    if (frame < 1) {
      throw new IllegalArgumentException("frame numbers start at 1, got " + frame);
    }
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("bits must be 8 or 16, got " + bits);
    }
  }

  /**
   * A strong validator for the rendered output of content {@code sha256} with these parameters:
   * the same bytes rendered the same way always give the same image (RFC 9110 §8.8.3).
   */
  public String etag(String sha256) {
    String key = sha256 + "|" + frame + "|" + window.map(w -> w.center() + "," + w.width() + ","
        + w.function()).orElse("file") + "|" + viewport.map(v -> v.width() + "x" + v.height())
        .orElse("full") + "|" + bits + "|" + format;
    return "\"r-" + Sha256.of(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"";
  }
}
