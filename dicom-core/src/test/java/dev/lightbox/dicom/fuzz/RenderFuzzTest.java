package dev.lightbox.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.ImagePixel;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import java.io.IOException;

/**
 * Fuzz target for the whole rendering path on fuzzed datasets: parse, validate the Image Pixel
 * module, decode frame 1 with whatever syntax the file names, render and encode PNG. The only
 * acceptable failures are {@link DicomParseException} and {@link PixelDataException}; frames
 * above 2^22 samples are skipped so one run stays small.
 */
class RenderFuzzTest {
  @FuzzTest(maxDuration = "3m")
  void renderOrRefuse(byte[] input) throws IOException {
    ParseResult parsed;
    try {
      parsed = DicomReader.read(input, ReadOptions.defaults());
    } catch (DicomParseException expected) {
      return;
    }
    ArrayByteSource source = new ArrayByteSource(input);
    // Frame int[], 8- and 16-bit renders, PNG buffers: 40 bytes per sample of the 2^22 ceiling.
    AllocationCap cap = AllocationCap.start(40L << 22);
    try {
      ImagePixel image = ImagePixel.from(parsed.dataset(), 1 << 22);
      if ((long) image.frameSamples() > (1 << 22)) {
        return;
      }
      PixelData pixels = PixelData.of(parsed, source);
      RenderedImage img = Renderer.render(pixels, RenderRequest.firstFrame());
      new PngEncoder().encode(img);
      if (image.monochrome()) {
        new PngEncoder().encode(Renderer.render(pixels, RenderRequest.firstFrame().withBits(16)));
      }
    } catch (PixelDataException expected) {
      // refused with a typed error: the contract
    }
    cap.check(input.length);
  }
}
