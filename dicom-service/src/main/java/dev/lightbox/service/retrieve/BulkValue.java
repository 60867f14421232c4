package dev.lightbox.service.retrieve;

/**
 * A large attribute value of a stored instance: {@code length} bytes read through {@code opener}
 * (a ranged read of the blob, no header parse). The bytes are as stored in the file, so in the
 * file's byte order (PS3.5 §7.3).
 */
public record BulkValue(String sha256, long length, StoredFile.RangeOpener opener) {}
