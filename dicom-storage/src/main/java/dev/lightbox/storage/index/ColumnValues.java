package dev.lightbox.storage.index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Binds attribute values (and their derived columns) to statements and reads them back. */
final class ColumnValues {

  private ColumnValues() {}

  /** The column names {@link #bind} fills for {@code attributes} in {@code table}, comma-separated. */
  static String names(IndexSchema.Table table, List<IndexedAttribute> attributes) {
    StringBuilder b = new StringBuilder();
    for (IndexedAttribute a : attributes) {
      for (String c : columns(table, a)) {
        b.append(b.length() == 0 ? "" : ", ").append(c);
      }
    }
    return b.toString();
  }

  /** {@code col = ?} for every column of {@code attributes}, comma-separated. */
  static String assignments(IndexSchema.Table table, List<IndexedAttribute> attributes) {
    StringBuilder b = new StringBuilder();
    for (IndexedAttribute a : attributes) {
      for (String c : columns(table, a)) {
        b.append(b.length() == 0 ? "" : ", ").append(c).append(" = ?");
      }
    }
    return b.toString();
  }

  /** Number of parameters {@link #bind} sets. */
  static int count(IndexSchema.Table table, List<IndexedAttribute> attributes) {
    int n = 0;
    for (IndexedAttribute a : attributes) {
      n += columns(table, a).size();
    }
    return n;
  }

  private static List<String> columns(IndexSchema.Table table, IndexedAttribute a) {
    if (table.matches(a) && a.hasDerivedColumn()) {
      return List.of(a.column(), a.kind() == ValueKind.PERSON_NAME ? a.normalizedColumn() : a.keyColumn());
    }
    return List.of(a.column());
  }

  /** Binds the values of {@code attributes} from {@code i}; returns the next parameter index. */
  static int bind(PreparedStatement p, int i, IndexSchema.Table table, List<IndexedAttribute> attributes,
      AttributeValues values) throws SQLException {
    for (IndexedAttribute a : attributes) {
      Optional<String> v = values.get(a);
      if (a.kind() == ValueKind.INTEGER) {
        if (v.isPresent()) {
          p.setInt(i++, Integer.parseInt(v.get()));
        } else {
          p.setNull(i++, Types.INTEGER);
        }
      } else {
        setString(p, i++, v);
      }
      if (table.matches(a) && a.hasDerivedColumn()) {
        setString(p, i++, v.map(s -> derived(a, s)));
      }
    }
    return i;
  }

  /** The upper-cased person name, or the full-precision TM/DT key. */
  static String derived(IndexedAttribute a, String value) {
    return a.kind() == ValueKind.PERSON_NAME ? normalizeName(value) : ValueFormats.key(a.kind(), value, false);
  }

  /** PN as compared by fuzzy matching: upper case in every script (locale-independent). */
  static String normalizeName(String value) {
    return value.toUpperCase(Locale.ROOT);
  }

  private static void setString(PreparedStatement p, int i, Optional<String> v) throws SQLException {
    if (v.isPresent()) {
      p.setString(i, v.get());
    } else {
      p.setNull(i, Types.VARCHAR);
    }
  }

  /** Reads {@code attributes} by column name into {@code into}. */
  static void read(ResultSet rs, List<IndexedAttribute> attributes, AttributeValues.Builder into)
      throws SQLException {
    for (IndexedAttribute a : attributes) {
      into.put(a, read(rs, a.column(), a));
    }
  }

  static String read(ResultSet rs, String column, IndexedAttribute a) throws SQLException {
    if (a.kind() == ValueKind.INTEGER) {
      long v = rs.getLong(column);
      return rs.wasNull() ? null : Long.toString(v);
    }
    return rs.getString(column);
  }
}
