package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs opj_decompress or ojph_expand on a codestream and reads their planar output. */
final class OracleTool {
  private OracleTool() {}

  /** opj_decompress output: planar little-endian samples of every component (.rawl). */
  static int[] openJpeg(byte[] codestream, int count, int precision, boolean signed)
      throws IOException, InterruptedException {
    Corpus.requireTool("opj_decompress");
    Path dir = Files.createTempDirectory("j2k-oracle");
    try {
      Path in = dir.resolve("in.j2k");
      Path out = dir.resolve("out.rawl");
      Files.write(in, codestream);
      run(List.of("opj_decompress", "-i", in.toString(), "-o", out.toString()));
      return GeneratedJ2k.readRaw(out, count, precision, signed);
    } finally {
      deleteTree(dir);
    }
  }

  /** ojph_expand output (PGM/PPM), planar. */
  static int[] openJph(byte[] codestream, int width, int height, int components)
      throws IOException, InterruptedException {
    Corpus.requireTool("ojph_expand");
    Path dir = Files.createTempDirectory("ht-oracle");
    try {
      Path in = dir.resolve("in.j2c");
      Path out = dir.resolve(components == 1 ? "out.pgm" : "out.ppm");
      Files.write(in, codestream);
      run(List.of("ojph_expand", "-i", in.toString(), "-o", out.toString()));
      return GeneratedJ2k.readPnm(out, width, height, components);
    } finally {
      deleteTree(dir);
    }
  }

  /** The tool refused the stream (non-zero exit). */
  static final class ToolRefused extends IOException {
    ToolRefused(String message) {
      super(message);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] log = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new ToolRefused(command + " failed: " + new String(log));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
