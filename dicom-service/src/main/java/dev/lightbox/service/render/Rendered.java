package dev.lightbox.service.render;

/** Encoded image bytes and their media type. */
public record Rendered(byte[] bytes, String mediaType, int width, int height) {}
