package dev.lightbox.dicom.pixel;

/**
 * Decodes one compressed frame of an encapsulated transfer syntax. Implementations are stateless
 * and thread-safe; each wraps one codec. Chosen by transfer syntax in {@link PixelDecoders}, never
 * by sniffing the stream.
 */
public interface PixelDecoder {
  /**
   * @param image the Image Pixel module of the dataset (expected dimensions and bit depth)
   * @param frame the concatenated fragments of one frame
   * @return stored values (masked, sign-extended), pixel-interleaved
   * @throws PixelDataException CORRUPT for undecodable streams or a size that disagrees with the
   *     header, LIMIT_EXCEEDED when the stream declares more than the limits allow
   */
  Frame decode(ImagePixel image, byte[] frame) throws PixelDataException;
}
