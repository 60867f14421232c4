package dev.lightbox.http.cli.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file to import: a regular file on disk or an entry of a ZIP archive. Opened as a stream each
 * time it is read (once to hash and sniff, once to send), so nothing is held in memory.
 */
public interface ImportSource {
  /** How the operator finds it again: the path, or {@code archive.zip!entry/name}. */
  String label();

  /** Length in bytes as known before reading (from the file system or the ZIP directory). */
  long size();

  /** A fresh stream over the whole content; the caller closes it. */
  InputStream open() throws IOException;

  /** The file itself, when it is a plain file (sent with zero-copy file publishing). */
  default Optional<Path> file() {
    return Optional.empty();
  }

  /** A regular file. */
  static ImportSource of(Path file, long size) {
    return new ImportSource() {
      @Override
      public String label() {
        return file.toString();
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return java.nio.file.Files.newInputStream(file);
      }

      @Override
      public Optional<Path> file() {
        return Optional.of(file);
      }
    };
  }
}
