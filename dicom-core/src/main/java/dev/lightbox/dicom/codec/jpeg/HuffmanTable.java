package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;

/**
 * One Huffman table from a DHT segment (ITU-T T.81 §B.2.4.2), prepared for decoding: a lookup
 * table indexed by the next {@value #LOOKAHEAD} bits for short codes, and the MAXCODE / VALPTR
 * arrays of T.81 §F.2.2.3 for the rest.
 */
final class HuffmanTable {
  static final int LOOKAHEAD = 9;

  /** {@code (length << 8) | symbol} for codes of at most LOOKAHEAD bits, else 0. */
  final int[] lookup = new int[1 << LOOKAHEAD];
  /** Largest code of each length, or -1 when there is none (index 1..16; 17 is a sentinel). */
  final int[] maxCode = new int[18];
  /** Index into {@link #symbols} of the first code of each length, minus that code. */
  final int[] valueOffset = new int[17];
  final int[] symbols;
  /**
   * True when the table assigns a code of all 1 bits, which T.81 §C reserves (libjpeg accepts
   * it): the 1 bits that pad a scan's last byte (§F.1.2.3) can then decode as a symbol.
   */
  final boolean usesAllOnesCode;

  /**
   * @param counts number of codes of each length 1..16 (index 0..15)
   * @param symbols symbols in order of increasing code
   * @throws CodecException when the counts do not describe a prefix code (T.81 §C)
   */
  HuffmanTable(int[] counts, int[] symbols, long streamOffset) throws CodecException {
    this.symbols = symbols;
    boolean allOnes = false;
    int code = 0;
    int index = 0;
    for (int length = 1; length <= 16; length++) {
      int count = counts[length - 1];
      valueOffset[length] = index - code;
      if (count == 0) {
        maxCode[length] = -1;
      } else {
        if (code + count > (1 << length)) {
          throw new CodecException(
              JpegDctDecoder.CODEC,
              streamOffset,
              "Huffman table has " + count + " codes of length " + length
                  + ", more than the code space allows");
        }
        if (length <= LOOKAHEAD) {
          for (int i = 0; i < count; i++) {
            int entry = (length << 8) | symbols[index + i];
            int first = (code + i) << (LOOKAHEAD - length);
            int last = first + (1 << (LOOKAHEAD - length));
            for (int slot = first; slot < last; slot++) {
              lookup[slot] = entry;
            }
          }
        }
        index += count;
        code += count;
        maxCode[length] = code - 1;
        allOnes = code == 1 << length;
      }
      code <<= 1;
    }
    maxCode[17] = Integer.MAX_VALUE;
    usesAllOnesCode = allOnes;
  }
}
