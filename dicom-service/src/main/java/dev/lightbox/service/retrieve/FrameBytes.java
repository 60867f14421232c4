package dev.lightbox.service.retrieve;

/**
 * One frame as sent to a client: its 1-based number, its bytes and their media type (PS3.18
 * §8.7.3.3): {@code application/octet-stream} for native little-endian pixels, or the compressed
 * bitstream's own type ({@code image/jpeg}, {@code image/jls}, {@code image/jp2}, ...).
 */
public record FrameBytes(int number, byte[] bytes, String mediaType) {}
