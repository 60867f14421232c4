package dev.lightbox.dicom.data;

/**
 * Tags are plain {@code int}s ({@code group << 16 | element}); this class holds the constants the
 * code refers to and the only formatting functions.
 */
public final class Tag {
  private Tag() {}

  // Command (PS3.7 §E.1) and File Meta Information (PS3.10 §7.1) groups.
  public static final int COMMAND_GROUP_LENGTH = 0x00000000;
  public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
  public static final int FILE_META_INFORMATION_VERSION = 0x00020001;
  public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
  public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
  public static final int TRANSFER_SYNTAX_UID = 0x00020010;
  public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
  public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;
  public static final int SOURCE_APPLICATION_ENTITY_TITLE = 0x00020016;

  // Identification (PS3.3 C.12.1, C.7.1-C.7.3).
  public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  public static final int IMAGE_TYPE = 0x00080008;
  public static final int SOP_CLASS_UID = 0x00080016;
  public static final int SOP_INSTANCE_UID = 0x00080018;
  public static final int STUDY_DATE = 0x00080020;
  public static final int MODALITY = 0x00080060;
  public static final int REFERENCED_IMAGE_SEQUENCE = 0x00081140;
  public static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
  public static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
  public static final int PATIENT_NAME = 0x00100010;
  public static final int PATIENT_ID = 0x00100020;
  public static final int STUDY_INSTANCE_UID = 0x0020000D;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int INSTANCE_NUMBER = 0x00200013;

  // Image Pixel (PS3.3 C.7.6.3).
  public static final int SAMPLES_PER_PIXEL = 0x00280002;
  public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  public static final int PIXEL_PRESENTATION = 0x00089205;
  public static final int PLANAR_CONFIGURATION = 0x00280006;
  public static final int NUMBER_OF_FRAMES = 0x00280008;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int BITS_ALLOCATED = 0x00280100;
  public static final int BITS_STORED = 0x00280101;
  public static final int HIGH_BIT = 0x00280102;
  public static final int PIXEL_REPRESENTATION = 0x00280103;
  public static final int PIXEL_PADDING_VALUE = 0x00280120;
  public static final int PIXEL_PADDING_RANGE_LIMIT = 0x00280121;

  // Modality LUT, VOI LUT, palette and presentation (PS3.3 C.11, C.7.6.3.1.5, C.11.6).
  public static final int WINDOW_CENTER = 0x00281050;
  public static final int WINDOW_WIDTH = 0x00281051;
  public static final int RESCALE_INTERCEPT = 0x00281052;
  public static final int RESCALE_SLOPE = 0x00281053;
  public static final int VOI_LUT_FUNCTION = 0x00281056;
  public static final int RED_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR = 0x00281101;
  public static final int GREEN_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR = 0x00281102;
  public static final int BLUE_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR = 0x00281103;
  public static final int RED_PALETTE_COLOR_LOOKUP_TABLE_DATA = 0x00281201;
  public static final int GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA = 0x00281202;
  public static final int BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA = 0x00281203;
  public static final int SEGMENTED_RED_PALETTE_COLOR_LOOKUP_TABLE_DATA = 0x00281221;
  public static final int SEGMENTED_GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA = 0x00281222;
  public static final int SEGMENTED_BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA = 0x00281223;
  public static final int MODALITY_LUT_SEQUENCE = 0x00283000;
  public static final int LUT_DESCRIPTOR = 0x00283002;
  public static final int LUT_DATA = 0x00283006;
  public static final int VOI_LUT_SEQUENCE = 0x00283010;
  public static final int FRAME_VOI_LUT_SEQUENCE = 0x00289132;
  public static final int PIXEL_VALUE_TRANSFORMATION_SEQUENCE = 0x00289145;
  public static final int PRESENTATION_LUT_SHAPE = 0x20500020;

  // Multi-frame functional groups (PS3.3 C.7.6.16).
  public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009229;
  public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009230;

  // Pixel data (PS3.5 §8, §A.4) and item encoding (PS3.5 §7.5).
  public static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
  public static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;
  public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
  public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
  public static final int PIXEL_DATA = 0x7FE00010;
  public static final int ITEM = 0xFFFEE000;
  public static final int ITEM_DELIMITATION_ITEM = 0xFFFEE00D;
  public static final int SEQUENCE_DELIMITATION_ITEM = 0xFFFEE0DD;

  /** True for a group length element (gggg,0000), PS3.5 §7.2. */
  public static boolean isGroupLength(int tag) {
    return element(tag) == 0;
  }

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
