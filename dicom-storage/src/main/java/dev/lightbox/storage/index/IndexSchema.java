package dev.lightbox.storage.index;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The tables of the study/series/instance model, generated from {@link IndexedAttribute} so that a
 * column exists exactly where the declaration says. The SQL is the subset that SQLite and
 * PostgreSQL read alike (VARCHAR, INTEGER, BIGINT, TEXT); it is run by the migrations only.
 *
 * <ul>
 *   <li>{@code instances}: identity, storage facts, {@code index_version}, and every supplied
 *       attribute as that instance's file has it (so a study or series can be rebuilt from its
 *       instances, and {@link InstanceIndex#list} filters the instance's own values).</li>
 *   <li>{@code studies}: patient and study attributes of the study's representative instance plus
 *       the computed study attributes; {@code series}: the same for series, keyed by
 *       (study, series) so that every series row belongs to exactly one study.</li>
 *   <li>{@code instance_metadata}: the caller's metadata document, read only by
 *       {@link InstanceIndex#metadata}.</li>
 * </ul>
 */
final class IndexSchema {

  /** The schema version from which every table is keyed by (tenant, UID): {@link TenantMigration}. */
  static final int TENANTS_SINCE = 4;

  /** Identity columns that the instances table declares itself (NOT NULL). */
  static final Set<IndexedAttribute> IDENTITY = EnumSet.of(IndexedAttribute.SOP_INSTANCE_UID,
      IndexedAttribute.STUDY_INSTANCE_UID, IndexedAttribute.SERIES_INSTANCE_UID, IndexedAttribute.SOP_CLASS_UID);

  private IndexSchema() {}

  /** The attribute columns of {@code table} that exist at schema {@code version}. */
  static List<IndexedAttribute> attributes(Table table, int version) {
    List<IndexedAttribute> out = new ArrayList<>();
    for (IndexedAttribute a : IndexedAttribute.values()) {
      if (a.since() <= version && table.holds(a) && !table.keys().contains(a)) {
        out.add(a);
      }
    }
    return out;
  }

  /** CREATE TABLE and CREATE INDEX statements of the model as of schema {@code version}. */
  static List<String> create(int version) {
    List<String> sql = new ArrayList<>();
    for (Table t : Table.values()) {
      boolean tenants = version >= TENANTS_SINCE;
      StringBuilder b = new StringBuilder("CREATE TABLE ").append(t.sqlName).append(" (\n  ");
      if (tenants) {
        b.append(TENANT_COLUMN).append(",\n  ");
      }
      b.append(String.join(",\n  ", t.fixedColumns));
      for (IndexedAttribute a : attributes(t, version)) {
        for (String column : columnDefinitions(t, a)) {
          b.append(",\n  ").append(column);
        }
      }
      b.append(",\n  PRIMARY KEY (").append(tenants ? "tenant, " : "").append(t.primaryKey).append(")\n)");
      sql.add(b.toString());
      sql.addAll(tenants ? t.fixedIndexes.stream().map(IndexSchema::tenantFirst).toList() : t.fixedIndexes);
      for (IndexedAttribute a : attributes(t, version)) {
        sql.addAll(indexes(t, a));
      }
    }
    if (version >= TENANTS_SINCE) {
      sql.add("CREATE TABLE instance_metadata (\n  " + TENANT_COLUMN + ",\n  sop_instance_uid VARCHAR(64) NOT NULL,\n"
          + "  document TEXT NOT NULL,\n  PRIMARY KEY (tenant, sop_instance_uid)\n)");
    } else {
      sql.add("CREATE TABLE instance_metadata (\n  sop_instance_uid VARCHAR(64) NOT NULL PRIMARY KEY,\n"
          + "  document TEXT NOT NULL\n)");
    }
    return sql;
  }

  /** The tenant key column (docs/security.md: a tenant name is at most 64 characters). */
  static final String TENANT_COLUMN = "tenant VARCHAR(64) NOT NULL";

  /**
   * A fixed index led by the tenant: every lookup and listing is within one tenant. The blob index
   * stays as it is because blob references are counted across tenants (blobs are shared by
   * content hash).
   */
  private static String tenantFirst(String createIndex) {
    if (createIndex.contains("(blob_key)")) {
      return createIndex;
    }
    int open = createIndex.indexOf('(');
    return createIndex.substring(0, open + 1) + "tenant, " + createIndex.substring(open + 1);
  }

  /** The columns of {@code t} at {@code version} without the tenant, in creation order. */
  static List<String> columnNames(Table t, int version) {
    List<String> names = new ArrayList<>();
    for (String column : t.fixedColumns) {
      names.add(column.substring(0, column.indexOf(' ')));
    }
    for (IndexedAttribute a : attributes(t, version)) {
      for (String column : columnDefinitions(t, a)) {
        names.add(column.substring(0, column.indexOf(' ')));
      }
    }
    return names;
  }

  /** Statements that add {@code a}'s columns (and indexes) to an existing schema. */
  static List<String> addAttribute(IndexedAttribute a) {
    List<String> sql = new ArrayList<>();
    for (Table t : Table.values()) {
      if (t.holds(a)) {
        for (String column : columnDefinitions(t, a)) {
          sql.add("ALTER TABLE " + t.sqlName + " ADD COLUMN " + column);
        }
        sql.addAll(indexes(t, a));
      }
    }
    return sql;
  }

  /** The value column and, where the table matches on it, its derived column. */
  static List<String> columnDefinitions(Table t, IndexedAttribute a) {
    List<String> out = new ArrayList<>();
    out.add(a.column() + " " + sqlType(a) + (a.computed() ? " NOT NULL" : ""));
    if (t.matches(a) && a.hasDerivedColumn()) {
      String derived = a.kind() == ValueKind.PERSON_NAME ? a.normalizedColumn() : a.keyColumn();
      out.add(derived + " " + (a.kind() == ValueKind.PERSON_NAME ? sqlType(a) : "VARCHAR(21)"));
    }
    return out;
  }

  private static List<String> indexes(Table t, IndexedAttribute a) {
    if (!a.indexed() || !t.matches(a)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add("CREATE INDEX " + t.sqlName + "_" + a.column() + " ON " + t.sqlName + " (" + a.column() + ")");
    if (a.kind() == ValueKind.PERSON_NAME) {
      out.add("CREATE INDEX " + t.sqlName + "_" + a.normalizedColumn() + " ON " + t.sqlName
          + " (" + a.normalizedColumn() + ")");
    }
    return out;
  }

  static String sqlType(IndexedAttribute a) {
    if (a.kind() == ValueKind.INTEGER) {
      return "INTEGER";
    }
    if (a.computed()) {
      return "TEXT"; // backslash lists whose length the index, not a caller, decides
    }
    return "VARCHAR(" + a.maxLength() + ")";
  }

  /** The tables of the model and which attributes each holds. */
  enum Table {
    INSTANCES("instances", "sop_instance_uid", EnumSet.copyOf(IDENTITY),
        List.of("sop_instance_uid VARCHAR(64) NOT NULL", "study_instance_uid VARCHAR(64) NOT NULL",
            "series_instance_uid VARCHAR(64) NOT NULL", "sop_class_uid VARCHAR(64) NOT NULL",
            "transfer_syntax_uid VARCHAR(64) NOT NULL", "size_bytes BIGINT NOT NULL",
            "sha256 CHAR(64) NOT NULL", "blob_key VARCHAR(96) NOT NULL", "created_at BIGINT NOT NULL",
            "index_version INTEGER NOT NULL"),
        List.of(
            // Listing order and the filters of InstanceIndex.list, as in schema version 1.
            "CREATE INDEX instances_order ON instances (created_at, sop_instance_uid)",
            "CREATE INDEX instances_patient ON instances (patient_id, created_at, sop_instance_uid)",
            "CREATE INDEX instances_study ON instances (study_instance_uid, created_at, sop_instance_uid)",
            "CREATE INDEX instances_series ON instances (series_instance_uid, created_at, sop_instance_uid)",
            "CREATE INDEX instances_modality ON instances (modality, created_at, sop_instance_uid)",
            "CREATE INDEX instances_study_date ON instances (study_date)",
            "CREATE INDEX instances_blob ON instances (blob_key)",
            // SOP classes still present in a series after a delete; rows to re-index.
            "CREATE INDEX instances_series_class ON instances (series_instance_uid, sop_class_uid)",
            "CREATE INDEX instances_index_version ON instances (index_version)")),
    STUDIES("studies", "study_instance_uid", EnumSet.of(IndexedAttribute.STUDY_INSTANCE_UID),
        List.of("study_instance_uid VARCHAR(64) NOT NULL", "source_sop_instance_uid VARCHAR(64) NOT NULL",
            "source_created_at BIGINT NOT NULL"),
        List.of()),
    SERIES("series", "study_instance_uid, series_instance_uid",
        EnumSet.of(IndexedAttribute.STUDY_INSTANCE_UID, IndexedAttribute.SERIES_INSTANCE_UID),
        List.of("study_instance_uid VARCHAR(64) NOT NULL", "series_instance_uid VARCHAR(64) NOT NULL",
            "sop_classes TEXT NOT NULL", "source_sop_instance_uid VARCHAR(64) NOT NULL",
            "source_created_at BIGINT NOT NULL"),
        List.of("CREATE INDEX series_series_instance_uid ON series (series_instance_uid)"));

    final String sqlName;
    final String primaryKey;
    private final Set<IndexedAttribute> keys;
    final List<String> fixedColumns;
    final List<String> fixedIndexes;

    Table(String sqlName, String primaryKey, Set<IndexedAttribute> keys, List<String> fixedColumns,
        List<String> fixedIndexes) {
      this.sqlName = sqlName;
      this.primaryKey = primaryKey;
      this.keys = keys;
      this.fixedColumns = fixedColumns;
      this.fixedIndexes = fixedIndexes;
    }

    /** Attributes declared by the fixed columns. */
    Set<IndexedAttribute> keys() {
      return keys;
    }

    /** True when the table has a column for {@code a}. */
    boolean holds(IndexedAttribute a) {
      return switch (this) {
        case INSTANCES -> !a.computed();
        case STUDIES -> a.level() == QueryLevel.STUDY
            || (a.level() == QueryLevel.PATIENT && !a.computed());
        case SERIES -> a.level() == QueryLevel.SERIES;
      };
    }

    /** True when queries match {@code a} on this table (its home level). */
    boolean matches(IndexedAttribute a) {
      return switch (this) {
        case INSTANCES -> a.level() == QueryLevel.INSTANCE;
        case STUDIES, SERIES -> holds(a);
      };
    }

    /** The table that answers for {@code a}'s level (PATIENT values live in studies). */
    static Table home(QueryLevel level) {
      return switch (level) {
        case PATIENT, STUDY -> STUDIES;
        case SERIES -> SERIES;
        case INSTANCE -> INSTANCES;
      };
    }
  }
}
