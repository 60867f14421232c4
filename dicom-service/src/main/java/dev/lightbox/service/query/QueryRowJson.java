package dev.lightbox.service.query;

import com.google.gson.stream.JsonWriter;
import dev.lightbox.service.JsonWritable;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.QueryLevel;
import dev.lightbox.storage.index.QueryRow;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One search match in the DICOM JSON model (PS3.18 F.2): the indexed values in tag order, with
 * Specific Character Set "ISO_IR 192" (values are UTF-8), Instance Availability ONLINE and the
 * Retrieve URL. Person names keep every component group (Alphabetic, Ideographic, Phonetic; PS3.18
 * F.2.2); IS, DS and binary numbers are JSON numbers (F.2.3).
 */
final class QueryRowJson {
  private static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  private static final int INSTANCE_AVAILABILITY = 0x00080056;
  private static final int RETRIEVE_URL = 0x00081190;

  private QueryRowJson() {}

  static JsonWritable of(QueryRow row, List<IndexedAttribute> returned, RetrieveLinks links) {
    Map<Integer, String[]> values = new TreeMap<>(Comparator.comparingLong(t ->
        Integer.toUnsignedLong(t)));
    for (IndexedAttribute a : returned) {
      Optional<String> v = row.values().get(a);
      values.put(a.tag(), v.isPresent() ? new String[] {v.get()} : new String[0]);
    }
    values.put(SPECIFIC_CHARACTER_SET, new String[] {"ISO_IR 192"});
    values.put(INSTANCE_AVAILABILITY, new String[] {"ONLINE"});
    String study = row.values().getOrEmpty(IndexedAttribute.STUDY_INSTANCE_UID);
    String series = row.values().getOrEmpty(IndexedAttribute.SERIES_INSTANCE_UID);
    String url = row.level() == QueryLevel.STUDY ? links.study(study)
        : row.level() == QueryLevel.SERIES ? links.series(study, series)
        : links.instance(study, series,
            row.values().getOrEmpty(IndexedAttribute.SOP_INSTANCE_UID));
    values.put(RETRIEVE_URL, new String[] {url});
    return out -> {
      out.beginObject();
      for (Map.Entry<Integer, String[]> e : values.entrySet()) {
        write(out, e.getKey(), e.getValue());
      }
      out.endObject();
    };
  }

  private static void write(JsonWriter out, int tag, String[] stored) throws IOException {
    String vr = tag == RETRIEVE_URL ? "UR" : QueryService.vr(tag);
    out.name(String.format("%08X", tag)).beginObject().name("vr").value(vr);
    if (stored.length == 1 && !stored[0].isEmpty()) {
      out.name("Value").beginArray();
      for (String v : vr.equals("UR") ? new String[] {stored[0]} : stored[0].split("\\\\", -1)) {
        value(out, vr, v.strip());
      }
      out.endArray();
    }
    out.endObject();
  }

  private static void value(JsonWriter out, String vr, String v) throws IOException {
    switch (vr) {
      case "PN" -> {
        String[] groups = v.split("=", -1);
        out.beginObject();
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        for (int i = 0; i < groups.length && i < 3; i++) {
          if (!groups[i].isEmpty()) {
            out.name(names[i]).value(groups[i]);
          }
        }
        out.endObject();
      }
      case "IS", "SL", "SS", "UL", "US", "SV", "UV" -> {
        try {
          out.value(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
        } catch (NumberFormatException e) {
          out.nullValue();
        }
      }
      case "DS", "FL", "FD" -> {
        try {
          out.value(Double.parseDouble(v));
        } catch (NumberFormatException e) {
          out.nullValue();
        }
      }
      default -> out.value(v);
    }
  }
}
