package dev.lightbox.dicom.render;

/**
 * Display-ready pixels: {@code channels} 1 (grey) or 3 (RGB), {@code bitDepth} 8 (in {@code
 * bytes}) or 16 (in {@code shorts}, grey only), row-major, interleaved.
 *
 * @param windowUsed the VOI window applied to a grayscale image, or null (colour, LUT)
 */
public record RenderedImage(int width, int height, int channels, int bitDepth, byte[] bytes,
    short[] shorts, Window windowUsed) {}
