package dev.lightbox.http.cli;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import dev.lightbox.dicom.render.Window;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox render FILE OUT.png}: one frame as a PNG. OUT is written to a temporary file in
 * its own directory and moved into place only when complete, so a failure never leaves a partial
 * (or any) OUT. Exit codes as in docs/cli.md: 1 no pixel data, 2 usage or frame out of range, 3
 * invalid, corrupt or unsupported pixel data.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Render one frame of FILE to a PNG (grayscale pipeline or colour conversion).")
final class RenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "DICOM file")
  Path file;

  @Parameters(index = "1", paramLabel = "OUT.png", description = "PNG file to write")
  Path out;

  @Option(names = "--frame", paramLabel = "N", defaultValue = "1",
      description = "1-based frame number (default ${DEFAULT-VALUE})")
  int frame;

  @Option(names = "--window", paramLabel = "C,W[,FUNCTION]",
      description = "VOI window center,width; FUNCTION linear (default), linear-exact or sigmoid "
          + "(PS3.3 C.11.2.1.2). Default: the file's window, VOI LUT, else min/max.")
  String window;

  @Option(names = "--bits", paramLabel = "8|16", defaultValue = "8",
      description = "Output bit depth; 16 only for grayscale (default ${DEFAULT-VALUE})")
  int bits;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    RenderRequest request;
    try {
      request = request();
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    return CliErrors.run(err, () -> {
      try {
        writeAtomically(render(request));
        return Lightbox.EXIT_OK;
      } catch (PixelDataException e) {
        return failure(e);
      }
    });
  }

  private RenderRequest request() {
    if (frame < 1) {
      throw new IllegalArgumentException("--frame must be 1 or more, got " + frame);
    }
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("--bits must be 8 or 16, got " + bits);
    }
    RenderRequest r = RenderRequest.firstFrame().withFrame(frame - 1).withBits(bits);
    return window == null ? r : r.withWindow(Window.parse(window));
  }

  private byte[] render(RenderRequest request) throws IOException {
    try (FileByteSource source = FileByteSource.open(file)) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
      RenderedImage image = Renderer.render(PixelData.of(parsed, source), request);
      return new PngEncoder().encode(image);
    }
  }

  private void writeAtomically(byte[] png) throws IOException {
    Path target = out.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), ".lightbox-render-", ".tmp");
    try {
      Files.write(tmp, png);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private int failure(PixelDataException e) throws CliErrors.NotFound {
    switch (e.reason()) {
      case NO_PIXEL_DATA -> throw new CliErrors.NotFound(file + " has no pixel data: "
          + e.getMessage());
      case FRAME_OUT_OF_RANGE -> {
        spec.commandLine().getErr().println("lightbox: " + e.getMessage());
        return Lightbox.EXIT_USAGE;
      }
      case INVALID_IMAGE -> {
        if (bits == 16) {
          spec.commandLine().getErr().println("lightbox: " + e.getMessage());
          return Lightbox.EXIT_USAGE;
        }
        spec.commandLine().getErr().println("lightbox: invalid image: " + e.getMessage());
        return Lightbox.EXIT_INVALID_DICOM;
      }
      case UNSUPPORTED_TRANSFER_SYNTAX -> {
        spec.commandLine().getErr().println("lightbox: unsupported: " + e.getMessage());
        return Lightbox.EXIT_INVALID_DICOM;
      }
      default -> {
        spec.commandLine().getErr().println("lightbox: cannot render " + file + ": "
            + e.getMessage());
        return Lightbox.EXIT_INVALID_DICOM;
      }
    }
  }
}
