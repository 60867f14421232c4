package dev.lightbox.dicom.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares our DICOM JSON with dcmtk's dcm2json output after the normalisation documented in
 * docs/conformance.md: Specific Character Set ignored (dcm2json converts to UTF-8 and says so),
 * numbers compared by value, and elements whose VR dcmtk took from its private dictionary (we say
 * UN) skipped.
 */
final class JsonComparison {
  private final List<String> differences = new ArrayList<>();
  private final Set<String> ignoredTags;

  JsonComparison(Set<String> ignoredTags) {
    this.ignoredTags = ignoredTags;
  }

  List<String> differences() {
    return differences;
  }

  void compareDatasets(String path, JsonObject ours, JsonObject ref) {
    Set<String> keys = new TreeSet<>(ours.keySet());
    keys.addAll(ref.keySet());
    for (String key : keys) {
      if (ignoredTags.contains(key)) {
        continue;
      }
      String p = path.isEmpty() ? key : path + "/" + key;
      JsonObject a = ours.has(key) ? ours.getAsJsonObject(key) : null;
      JsonObject b = ref.has(key) ? ref.getAsJsonObject(key) : null;
      if (a == null || b == null) {
        differences.add(p + ": " + (a == null ? "missing in ours" : "missing in dcm2json")
            + " (" + (a == null ? b : a).toString().substring(0,
                Math.min(120, (a == null ? b : a).toString().length())) + ")");
        continue;
      }
      compareAttribute(p, a, b);
    }
  }

  private void compareAttribute(String path, JsonObject a, JsonObject b) {
    String vrA = a.get("vr").getAsString();
    String vrB = b.get("vr").getAsString();
    if (!vrA.equals(vrB)) {
      if (vrA.equals("UN") && isPrivate(path)) {
        return; // dcmtk knows this private tag's VR from its private dictionary; we don't.
      }
      differences.add(path + ": vr " + vrA + " vs " + vrB);
      return;
    }
    Set<String> members = new TreeSet<>(a.keySet());
    members.addAll(b.keySet());
    members.remove("vr");
    for (String m : members) {
      JsonElement x = a.get(m);
      JsonElement y = b.get(m);
      if (x == null || y == null) {
        differences.add(path + ": member " + m + " " + (x == null ? "missing in ours"
            : "missing in dcm2json") + " ours=" + abbreviate(x) + " ref=" + abbreviate(y));
        continue;
      }
      if (vrA.equals("SQ") && m.equals("Value")) {
        JsonArray ia = x.getAsJsonArray();
        JsonArray ib = y.getAsJsonArray();
        if (ia.size() != ib.size()) {
          differences.add(path + ": " + ia.size() + " items vs " + ib.size());
          continue;
        }
        for (int i = 0; i < ia.size(); i++) {
          compareDatasets(path + "/" + i, ia.get(i).getAsJsonObject(),
              ib.get(i).getAsJsonObject());
        }
        continue;
      }
      if (!sameValue(x, y)) {
        differences.add(path + ": " + m + " ours=" + abbreviate(x) + " ref=" + abbreviate(y));
      }
    }
  }

  private static boolean isPrivate(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    int group = Integer.parseInt(last.substring(0, 4), 16);
    return (group & 1) == 1;
  }

  static boolean sameValue(JsonElement x, JsonElement y) {
    if (x.isJsonArray() && y.isJsonArray()) {
      JsonArray a = x.getAsJsonArray();
      JsonArray b = y.getAsJsonArray();
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (x.isJsonPrimitive() && y.isJsonPrimitive()) {
      JsonPrimitive a = x.getAsJsonPrimitive();
      JsonPrimitive b = y.getAsJsonPrimitive();
      if (a.isNumber() && b.isNumber()) {
        BigDecimal da = new BigDecimal(a.getAsString());
        BigDecimal db = new BigDecimal(b.getAsString());
        if (da.compareTo(db) == 0) {
          return true;
        }
        // FL values print with float precision in both tools, possibly rounded differently.
        double fa = da.doubleValue();
        double fb = db.doubleValue();
        if ((float) fa == (float) fb) {
          return true;
        }
        return Math.abs(fa - fb) <= 1e-6 * Math.max(Math.abs(fa), Math.abs(fb));
      }
      return a.getAsString().equals(b.getAsString());
    }
    return x.equals(y);
  }

  private static String abbreviate(JsonElement e) {
    if (e == null) {
      return "null";
    }
    String s = e.toString();
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
