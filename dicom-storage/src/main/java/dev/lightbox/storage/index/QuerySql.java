package dev.lightbox.storage.index;

import dev.lightbox.storage.index.IndexSchema.Table;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one {@link IndexQuery}: which tables answer the level, which attributes a row carries,
 * the WHERE clause of its matches (every value a bound parameter) and the order.
 *
 * <p>Order (absent values last, text by code point): PATIENT by Patient ID, Issuer; STUDY by Study
 * Date, Study Time, Study Instance UID; SERIES by the study's order, then Series Number, Series
 * Instance UID; INSTANCE by the series' order, then Instance Number, SOP Instance UID.
 *
 * <p>Every query is within one tenant: its first parameter is the tenant, and joins match on it.
 */
final class QuerySql {

  /** LIKE escape character: chosen because no DICOM wildcard or SQL wildcard uses it. */
  static final char ESCAPE = '!';

  private final Dialect dialect;
  private final IndexQuery query;
  private final List<IndexedAttribute> returned = new ArrayList<>();
  private final StringBuilder where = new StringBuilder();
  private final List<Object> args = new ArrayList<>();

  QuerySql(Dialect dialect, String tenant, IndexQuery query) {
    this.dialect = dialect;
    this.query = query;
    // PATIENT filters inside its subquery (so the window functions see the tenant's studies only);
    // the other levels filter the table that answers the level. Either way the first parameter.
    args.add(tenant);
    if (query.level() != QueryLevel.PATIENT) {
      where.append(switch (query.level()) {
        case STUDY -> "st";
        case SERIES -> "se";
        default -> "i";
      }).append(".tenant = ?");
    }
    for (IndexedAttribute a : IndexedAttribute.values()) {
      if (query.level().canMatch(a.level())
          && (!a.computed() || a.level() != QueryLevel.PATIENT || query.level() == QueryLevel.PATIENT)) {
        returned.add(a);
      }
    }
    for (Match m : query.matches()) {
      addMatch(m);
    }
  }

  /** The attributes of every row, in the order of the select list. */
  List<IndexedAttribute> returned() {
    return returned;
  }

  String select() {
    StringBuilder b = new StringBuilder("SELECT ");
    for (int i = 0; i < returned.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(ref(returned.get(i), returned.get(i).column()));
    }
    return b.append(from()).append(whereClause()).append(" ORDER BY ").append(order())
        .append(" LIMIT ? OFFSET ?").toString();
  }

  String count() {
    return "SELECT COUNT(*)" + from() + whereClause();
  }

  /** Binds the match parameters from index 1; returns the next index. */
  int bind(PreparedStatement p) throws SQLException {
    int i = 1;
    for (Object a : args) {
      if (a instanceof Integer n) {
        p.setInt(i++, n);
      } else {
        p.setString(i++, (String) a);
      }
    }
    return i;
  }

  /** One row's values, read by position in {@link #returned()}'s order. */
  AttributeValues row(ResultSet rs) throws SQLException {
    AttributeValues.Builder b = AttributeValues.builder();
    for (int i = 0; i < returned.size(); i++) {
      IndexedAttribute a = returned.get(i);
      if (a.kind() == ValueKind.INTEGER) {
        long v = rs.getLong(i + 1);
        b.put(a, rs.wasNull() ? null : Long.toString(v));
      } else {
        b.put(a, rs.getString(i + 1));
      }
    }
    return b.buildTrusted();
  }

  private String from() {
    return switch (query.level()) {
      case PATIENT -> " FROM (" + patients() + ") p";
      case STUDY -> " FROM studies st";
      case SERIES -> " FROM series se JOIN studies st ON st.tenant = se.tenant"
          + " AND st.study_instance_uid = se.study_instance_uid";
      case INSTANCE -> " FROM instances i JOIN series se ON se.tenant = i.tenant"
          + " AND se.study_instance_uid = i.study_instance_uid"
          + " AND se.series_instance_uid = i.series_instance_uid"
          + " JOIN studies st ON st.tenant = i.tenant AND st.study_instance_uid = i.study_instance_uid";
    };
  }

  /**
   * Patients are the studies grouped by Patient ID and Issuer of Patient ID; the values are those
   * of the patient's study with the most recent source instance, the counts are sums over all.
   */
  private String patients() {
    List<IndexedAttribute> patient = IndexedAttribute.ofLevel(QueryLevel.PATIENT).stream()
        .filter(a -> !a.computed()).toList();
    String partition = "PARTITION BY COALESCE(patient_id, ''), COALESCE(issuer_of_patient_id, '')";
    return "SELECT " + ColumnValues.names(Table.STUDIES, patient) + ", ROW_NUMBER() OVER (" + partition
        + " ORDER BY source_created_at DESC, " + dialect.binary("source_sop_instance_uid") + " DESC) AS patient_rank, "
        + "COUNT(*) OVER (" + partition + ") AS number_of_patient_related_studies, "
        + "SUM(number_of_study_related_series) OVER (" + partition + ") AS number_of_patient_related_series, "
        + "SUM(number_of_study_related_instances) OVER (" + partition + ") AS number_of_patient_related_instances "
        + "FROM studies WHERE tenant = ?";
  }

  private String whereClause() {
    String rank = query.level() == QueryLevel.PATIENT ? " WHERE p.patient_rank = 1" : "";
    if (where.length() == 0) {
      return rank;
    }
    return (rank.isEmpty() ? " WHERE " : rank + " AND ") + where;
  }

  /** The table alias that answers for {@code a} at this query's level. */
  private String alias(IndexedAttribute a) {
    if (query.level() == QueryLevel.PATIENT) {
      return "p";
    }
    return switch (a.level()) {
      case PATIENT, STUDY -> "st";
      case SERIES -> "se";
      case INSTANCE -> "i";
    };
  }

  private String ref(IndexedAttribute a, String column) {
    return alias(a) + "." + column;
  }

  private String order() {
    List<String> keys = new ArrayList<>();
    switch (query.level()) {
      case PATIENT -> {
        keys.addAll(nullsLast(dialect.binary("p.patient_id")));
        keys.addAll(nullsLast(dialect.binary("p.issuer_of_patient_id")));
      }
      case STUDY, SERIES, INSTANCE -> {
        keys.addAll(nullsLast("st.study_date"));
        keys.addAll(nullsLast("st." + IndexedAttribute.STUDY_TIME.keyColumn()));
        keys.add(dialect.binary("st.study_instance_uid"));
        if (query.level() != QueryLevel.STUDY) {
          keys.addAll(nullsLast("se.series_number"));
          keys.add(dialect.binary("se.series_instance_uid"));
        }
        if (query.level() == QueryLevel.INSTANCE) {
          keys.addAll(nullsLast("i.instance_number"));
          keys.add(dialect.binary("i.sop_instance_uid"));
        }
      }
    }
    return String.join(", ", keys);
  }

  private static List<String> nullsLast(String expr) {
    String column = expr.replace(" COLLATE \"C\"", "");
    return List.of("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END", expr);
  }

  private void addMatch(Match m) {
    Condition c = m.condition();
    if (c instanceof Condition.Universal) {
      return;
    }
    IndexedAttribute a = m.attribute();
    if (where.length() > 0) {
      where.append(" AND ");
    }
    if (a == IndexedAttribute.MODALITIES_IN_STUDY) {
      // A study matches when one of its series' modality does (PS3.4 C.6.2.1.2 note on ModalitiesInStudy).
      where.append("EXISTS (SELECT 1 FROM series ms WHERE ms.tenant = ").append(ref(a, "tenant"))
          .append(" AND ms.study_instance_uid = ").append(ref(a, "study_instance_uid")).append(" AND ");
      condition(c, "ms.modality", IndexedAttribute.MODALITY, false);
      where.append(")");
    } else if (a == IndexedAttribute.SOP_CLASSES_IN_STUDY) {
      where.append("EXISTS (SELECT 1 FROM instances mi WHERE mi.tenant = ").append(ref(a, "tenant"))
          .append(" AND mi.study_instance_uid = ").append(ref(a, "study_instance_uid")).append(" AND ");
      condition(c, "mi.sop_class_uid", IndexedAttribute.SOP_CLASS_UID, false);
      where.append(")");
    } else {
      boolean fuzzy = a.kind() == ValueKind.PERSON_NAME && query.fuzzyPersonNames();
      String column = fuzzy ? a.normalizedColumn()
          : (a.kind() == ValueKind.TIME || a.kind() == ValueKind.DATETIME) ? a.keyColumn() : a.column();
      condition(c, ref(a, column), a, fuzzy);
    }
  }

  private void condition(Condition c, String column, IndexedAttribute a, boolean upperCase) {
    if (c instanceof Condition.Equal e) {
      where.append(column).append(" = ?");
      if (a.kind() == ValueKind.INTEGER) {
        args.add(Integer.parseInt(e.value()));
      } else {
        args.add(upperCase ? ColumnValues.normalizeName(e.value()) : e.value());
      }
    } else if (c instanceof Condition.Wildcard w) {
      where.append(column).append(" LIKE ? ESCAPE '").append(ESCAPE).append("'");
      args.add(like(upperCase ? ColumnValues.normalizeName(w.pattern()) : w.pattern()));
    } else if (c instanceof Condition.UidList l) {
      where.append(column).append(" IN (").append("?, ".repeat(l.uids().size() - 1)).append("?)");
      args.addAll(l.uids());
    } else if (c instanceof Condition.Range r) {
      List<String> parts = new ArrayList<>();
      r.lower().ifPresent(v -> {
        parts.add(column + " >= ?");
        args.add(v);
      });
      r.upper().ifPresent(v -> {
        parts.add(column + " <= ?");
        args.add(v);
      });
      where.append(String.join(" AND ", parts));
    } else {
      where.append("1 = 1"); // universal
    }
  }

  /** DICOM wildcards to a LIKE pattern: '*' to '%', '?' to '_', SQL's own wildcards escaped. */
  static String like(String pattern) {
    StringBuilder b = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      switch (ch) {
        case '*' -> b.append('%');
        case '?' -> b.append('_');
        case '%', '_', ESCAPE -> b.append(ESCAPE).append(ch);
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
