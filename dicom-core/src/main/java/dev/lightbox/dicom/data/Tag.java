package dev.lightbox.dicom.data;

/**
 * Tags are plain {@code int}s ({@code group << 16 | element}); this class holds the constants the
 * code refers to and the only formatting functions.
 */
public final class Tag {
  private Tag() {}

  public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
  public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
  public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
  public static final int TRANSFER_SYNTAX_UID = 0x00020010;
  public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  public static final int SOP_CLASS_UID = 0x00080016;
  public static final int SOP_INSTANCE_UID = 0x00080018;
  public static final int STUDY_DATE = 0x00080020;
  public static final int MODALITY = 0x00080060;
  public static final int PATIENT_NAME = 0x00100010;
  public static final int PATIENT_ID = 0x00100020;
  public static final int STUDY_INSTANCE_UID = 0x0020000D;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int SAMPLES_PER_PIXEL = 0x00280002;
  public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  public static final int PLANAR_CONFIGURATION = 0x00280006;
  public static final int NUMBER_OF_FRAMES = 0x00280008;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int BITS_ALLOCATED = 0x00280100;
  public static final int BITS_STORED = 0x00280101;
  public static final int HIGH_BIT = 0x00280102;
  public static final int PIXEL_REPRESENTATION = 0x00280103;
  public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
  public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
  public static final int PIXEL_DATA = 0x7FE00010;
  public static final int ITEM = 0xFFFEE000;
  public static final int ITEM_DELIMITATION_ITEM = 0xFFFEE00D;
  public static final int SEQUENCE_DELIMITATION_ITEM = 0xFFFEE0DD;

  public static int group(int tag) {
    return tag >>> 16;
  }

  public static int element(int tag) {
    return tag & 0xFFFF;
  }

  /** True for tags in odd groups other than 1, 3, 5, 7 and FFFF (PS3.5 §7.8). */
  public static boolean isPrivate(int tag) {
    int group = group(tag);
    return (group & 1) == 1 && group > 7 && group != 0xFFFF;
  }

  /** True for a private creator element (gggg,0010-00FF) of a private group (PS3.5 §7.8.1). */
  public static boolean isPrivateCreator(int tag) {
    int element = element(tag);
    return isPrivate(tag) && element >= 0x10 && element <= 0xFF;
  }

  /** {@code (0010,0010)}. */
  public static String toString(int tag) {
    return String.format("(%04X,%04X)", group(tag), element(tag));
  }

  /** {@code 00100010}: the key form of DICOM JSON (PS3.18 F.2.1.1). */
  public static String toHex(int tag) {
    char[] out = new char[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = HEX[tag & 0xF];
      tag >>>= 4;
    }
    return new String(out);
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Binary search of {@code tag} in the first {@code size} entries of ascending {@code tags},
   * compared as unsigned (group FFFE and 7FE0 sort after 0008). Returns the index, or {@code
   * -(insertionPoint + 1)} like {@link java.util.Arrays#binarySearch(int[], int)}.
   */
  static int search(int[] tags, int size, int tag) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = Integer.compareUnsigned(tags[mid], tag);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }
}
