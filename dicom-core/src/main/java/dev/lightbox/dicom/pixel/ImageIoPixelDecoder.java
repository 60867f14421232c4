package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes through an ImageIO plugin found by class name: TwelveMonkeys' JPEG reader for baseline
 * and lossless process 14 (…4.50, …4.57, …4.70) and jai-imageio's JPEG 2000 reader (…4.90,
 * …4.91). Rasters are read without colour conversion; JPEG 2000 applies its own component
 * transform, so YBR_ICT/YBR_RCT frames come out as RGB.
 */
final class ImageIoPixelDecoder implements PixelDecoder {
  private final String name;
  private final String format;
  private final String readerClassPrefix;
  private final boolean jpeg;
  private volatile ImageReaderSpi provider;

  private ImageIoPixelDecoder(String name, String format, String readerClassPrefix,
      boolean jpeg) {
    this.name = name;
    this.format = format;
    this.readerClassPrefix = readerClassPrefix;
    this.jpeg = jpeg;
  }

  static ImageIoPixelDecoder twelveMonkeysJpeg() {
    return new ImageIoPixelDecoder("JPEG", "jpeg", "com.twelvemonkeys.", true);
  }

  static ImageIoPixelDecoder jpeg2000() {
    return new ImageIoPixelDecoder("JPEG 2000", "jpeg2000", "com.github.jaiimageio.", false);
  }

  /**
   * A fresh reader from the plugin's provider, looked up once: asking ImageIO by format name on
   * every frame would instantiate a reader of every installed JPEG plugin each time.
   */
  private ImageReader reader() throws PixelDataException {
    ImageReaderSpi spi = provider;
    if (spi == null) {
      spi = findProvider();
      provider = spi;
    }
    try {
      return spi.createReaderInstance();
    } catch (IOException e) {
      throw new PixelDataException(Reason.UNSUPPORTED_TRANSFER_SYNTAX,
          name + " decoder plugin could not be instantiated: " + e.getMessage(), e);
    }
  }

  private ImageReaderSpi findProvider() throws PixelDataException {
    Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance()
        .getServiceProviders(ImageReaderSpi.class, true);
    while (it.hasNext()) {
      ImageReaderSpi spi = it.next();
      if (spi.getPluginClassName().startsWith(readerClassPrefix)
          && java.util.Arrays.asList(spi.getFormatNames()).contains(format)) {
        return spi;
      }
    }
    throw new PixelDataException(Reason.UNSUPPORTED_TRANSFER_SYNTAX,
        name + " decoder plugin (" + readerClassPrefix + "*) is not on the class path");
  }

  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    ImageReader reader = reader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
      reader.setInput(in, true, true);
      long w = reader.getWidth(0);
      long h = reader.getHeight(0);
      // The plugin allocates the whole raster for what the stream declares, so anything but the
      // header's frame is refused before reading it (the render budget covers the header only).
      if (w != img.columns() || h != img.rows()) {
        throw new PixelDataException(Reason.CORRUPT, name + " stream declares " + w + "x" + h
            + " but the header says " + img.columns() + "x" + img.rows());
      }
      int bands = declaredBands(reader);
      if (bands > 0 && bands != img.samplesPerPixel()) {
        throw new PixelDataException(Reason.CORRUPT, name + " stream declares " + bands
            + " components but the header says Samples per Pixel " + img.samplesPerPixel());
      }
      Raster raster = reader.readRaster(0, null);
      int[] samples = raster.getPixels(raster.getMinX(), raster.getMinY(), raster.getWidth(),
          raster.getHeight(), (int[]) null);
      String photometric = img.photometric();
      if (jpeg) {
        photometric = JpegColor.photometric(img);
      } else if (photometric.equals("YBR_ICT") || photometric.equals("YBR_RCT")) {
        photometric = "RGB";
      }
      return DecodedFrames.toFrame(name, img, raster.getWidth(), raster.getHeight(),
          raster.getNumBands(),
          samples, photometric);
    } catch (PixelDataException e) {
      throw e;
    } catch (Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      // jai-imageio reports some corrupt JPEG 2000 codestreams with java.lang.Error
      // ("Corrupted Bitstream"); it is still just a corrupt stream.
      throw new PixelDataException(Reason.CORRUPT, name + " stream could not be decoded: "
          + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      // The plugins signal corrupt streams with IIOException and assorted runtime exceptions.
      throw new PixelDataException(Reason.CORRUPT, name + " stream could not be decoded: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    } finally {
      reader.dispose();
    }
  }

  /** Components the stream declares, from the plugin's raw image type; 0 when it cannot say. */
  private static int declaredBands(ImageReader reader) throws IOException {
    var type = reader.getRawImageType(0);
    return type == null ? 0 : type.getSampleModel().getNumBands();
  }
}
