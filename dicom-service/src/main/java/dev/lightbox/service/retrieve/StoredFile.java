package dev.lightbox.service.retrieve;

import dev.lightbox.service.StoredInstance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The original bytes of a stored instance, ready to send: a local file when the store keeps one (so
 * a transport can use zero-copy transfer), otherwise a way to open a byte range.
 */
public record StoredFile(StoredInstance instance, long size, Optional<Path> localPath,
    RangeOpener opener) {

  /** Opens {@code length} bytes from {@code offset}; the caller closes the stream. */
  @FunctionalInterface
  public interface RangeOpener {
    InputStream open(long offset, long length) throws IOException;
  }
}
