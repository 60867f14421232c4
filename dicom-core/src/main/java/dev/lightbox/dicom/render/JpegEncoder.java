package dev.lightbox.dicom.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG output for 8-bit renders (the browser preview format a client may prefer to PNG). */
public final class JpegEncoder {
  private JpegEncoder() {}

  public static byte[] encode(RenderedImage img, float quality) throws IOException {
    if (img.bitDepth() != 8) {
      throw new IllegalArgumentException("JPEG output needs an 8-bit rendering");
    }
    BufferedImage bi = new BufferedImage(img.width(), img.height(),
        img.channels() == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
    byte[] dst = ((java.awt.image.DataBufferByte) bi.getRaster().getDataBuffer()).getData();
    if (img.channels() == 3) {
      byte[] src = img.bytes();
      for (int i = 0; i < src.length; i += 3) {
        dst[i] = src[i + 2];
        dst[i + 1] = src[i + 1];
        dst[i + 2] = src[i];
      }
    } else {
      System.arraycopy(img.bytes(), 0, dst, 0, dst.length);
    }
    ImageWriter writer = null;
    for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (writer == null || w.getClass().getName().startsWith("com.sun.")) {
        writer = w;
      }
    }
    if (writer == null) {
      throw new IOException("no JPEG writer available");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(bi, null, null), p);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
