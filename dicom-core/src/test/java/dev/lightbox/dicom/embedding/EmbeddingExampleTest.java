package dev.lightbox.dicom.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import dev.lightbox.dicom.testing.Corpus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "use dicom-core as a library" example, kept compiling and correct: parse a file,
 * read an attribute, render frame 1 to PNG. Only dicom-core (and the JDK) is on the class path.
 */
class EmbeddingExampleTest {
  @TempDir Path tmp;

  @Test
  void parsesReadsPatientNameAndRendersPng() throws IOException {
    Path file = Corpus.shared().resolve("pydicom/test_files/CT_small.dcm");
    Path out = tmp.resolve("ct.png");

    // --- README example starts here ---
    try (FileByteSource source = FileByteSource.open(file)) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
      String name = parsed.dataset().string(Tag.PATIENT_NAME).orElse("(none)");
      System.out.println("Patient: " + name);

      RenderedImage image = Renderer.render(PixelData.of(parsed, source),
          RenderRequest.firstFrame());
      Files.write(out, new PngEncoder().encode(image));
      // --- README example ends here ---

      assertEquals("CompressedSamples^CT1", name, "dcmdump shows this PatientName");
    }
    byte[] png = Files.readAllBytes(out);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
        Arrays.copyOf(png, 8));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(128, decoded.getWidth(), "dcmdump: Columns 128");
    assertEquals(128, decoded.getHeight(), "dcmdump: Rows 128");
  }
}
