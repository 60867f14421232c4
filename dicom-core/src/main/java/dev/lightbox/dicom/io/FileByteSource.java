package dev.lightbox.dicom.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A {@link ByteSource} over a file, read with positional {@link FileChannel} reads. */
public final class FileByteSource implements ByteSource {
  private final FileChannel channel;
  private final long length;

  private FileByteSource(FileChannel channel) throws IOException {
    this.channel = channel;
    this.length = channel.size();
  }

  public static FileByteSource open(Path path) throws IOException {
    return new FileByteSource(FileChannel.open(path, StandardOpenOption.READ));
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public void read(long position, byte[] dst, int offset, int len) throws IOException {
    if (position < 0 || position + len > length) {
      throw new EOFException("read of " + len + " bytes at " + position + " past end " + length);
    }
    ByteBuffer buf = ByteBuffer.wrap(dst, offset, len);
    long pos = position;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n < 0) {
        throw new EOFException("file ended at " + pos + " of " + length);
      }
      pos += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
