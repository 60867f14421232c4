package dev.lightbox.http.service;

/** Encoded image bytes and their media type. */
public record Rendered(byte[] bytes, String mediaType, int width, int height) {}
