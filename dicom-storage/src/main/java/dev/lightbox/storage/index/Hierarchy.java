package dev.lightbox.storage.index;

import dev.lightbox.storage.index.IndexSchema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Keeps the {@code studies} and {@code series} rows right as instances come and go, inside the
 * caller's transaction. Counts change by one per instance; the computed lists are rebuilt from the
 * study's series rows (a handful), never by scanning the study's instances, so the cost of an
 * insert does not grow with the size of the study.
 *
 * <p>Study- and series-level values (and the patient values kept with the study) are those of the
 * most recently inserted or replaced instance: greatest {@code created_at}, ties broken by the
 * greater SOP Instance UID. When that instance goes, the next most recent one takes over.
 *
 * <p>Every change to a study's rows happens under that study's lock ({@link #lock}), so concurrent
 * writers on PostgreSQL cannot lose each other's counts; SQLite writers are serialised anyway. The
 * lock is keyed by the Study Instance UID alone, not by tenant: two tenants holding the same study
 * UID merely wait for each other, which is rare and harmless.
 *
 * <p>From schema version 4 every row belongs to a tenant and a study is the tenant's own: all
 * reads and writes here are within {@link Member#tenant()}.
 */
final class Hierarchy {

  private final Dialect dialect;
  /** Schema version 4 or later: rows carry a tenant ({@link TenantMigration}). */
  private final boolean tenants;
  /** "tenant = ? AND " when rows carry a tenant, else nothing; {@link #bindTenant} binds it. */
  private final String tenantAnd;
  private final List<IndexedAttribute> studyValues;
  private final List<IndexedAttribute> seriesValues;
  private final List<IndexedAttribute> instanceValues;
  private final String studyValueColumns;
  private final String seriesValueColumns;
  private final String plainStudyColumns;
  private final String plainSeriesColumns;

  /**
   * Maintains the tables as they are at schema {@code version} (a migration's, or the current),
   * with the attributes declared up to then; {@code tenants} when the rows carry a tenant (schema
   * version 4 on, {@link TenantMigration}).
   */
  Hierarchy(Dialect dialect, int version, boolean tenants) {
    this.dialect = dialect;
    this.tenants = tenants;
    this.tenantAnd = tenants ? "tenant = ? AND " : "";
    this.studyValues = supplied(Table.STUDIES, version);
    this.seriesValues = supplied(Table.SERIES, version);
    this.instanceValues = IndexSchema.attributes(Table.INSTANCES, version);
    this.studyValueColumns = ColumnValues.names(Table.STUDIES, studyValues);
    this.seriesValueColumns = ColumnValues.names(Table.SERIES, seriesValues);
    this.plainStudyColumns = plain(studyValues);
    this.plainSeriesColumns = plain(seriesValues);
  }

  /** What the hierarchy needs to know of an instance. */
  record Member(String tenant, String sop, String study, String series, String sopClass, long created,
      AttributeValues values) {
    static Member of(String tenant, InstanceRecord r) {
      return new Member(tenant, r.sopInstanceUid(), r.studyInstanceUid(), r.seriesInstanceUid(), r.sopClassUid(),
          r.created().toEpochMilli(), r.values());
    }
  }

  /** Binds {@code tenant} at {@code i} when rows carry one; returns the next parameter index. */
  private int bindTenant(PreparedStatement p, int i, String tenant) throws SQLException {
    if (tenants) {
      p.setString(i++, tenant);
    }
    return i;
  }

  private static List<IndexedAttribute> supplied(Table t, int version) {
    return IndexSchema.attributes(t, version).stream().filter(a -> !a.computed()).toList();
  }

  private static String plain(List<IndexedAttribute> attributes) {
    return String.join(", ", attributes.stream().map(IndexedAttribute::column).toList());
  }

  /** Takes the write locks of these studies for the rest of the transaction, in a fixed order. */
  void lock(Connection c, String... studyUids) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      return; // one writer at a time already
    }
    String[] sorted = Arrays.stream(studyUids).distinct().sorted().toArray(String[]::new);
    for (String uid : sorted) {
      dialect.lockStudy(c, uid);
    }
  }

  /**
   * Accounts for {@code r}, whose instance row was just inserted: one read of the study row and
   * the instance's own series row (never the study's other series: an insert into a study of a
   * thousand series costs what one into a study of one does), two writes. The study's computed
   * values are updated in place: counts by one, the instance's SOP class added to SOP Classes in
   * Study, and Modalities in Study changed only when the series takes a new modality from this
   * instance (the old one is dropped after one indexed probe finds no other series with it).
   */
  void added(Connection c, Member r) throws SQLException {
    Values mine = new Values(r.sop(), r.created(), r.values());
    String modality = r.values().getOrEmpty(IndexedAttribute.MODALITY);
    Optional<StudyRow> loaded = loadForInsert(c, r.tenant(), r.study(), r.series());
    if (loaded.isEmpty()) {
      insertSeries(c, r, mine);
      writeStudy(c, r.tenant(), r.study(), 1, 1, setOf(modality), setOf(r.sopClass()), Optional.of(mine),
          true);
      return;
    }
    StudyRow study = loaded.get();
    TreeSet<String> modalities = split(study.modalities);
    TreeSet<String> studyClasses = split(study.sopClasses);
    long seriesCount = study.seriesCount;
    if (study.series.isEmpty()) {
      insertSeries(c, r, mine);
      seriesCount++;
      if (!modality.isEmpty()) {
        modalities.add(modality);
      }
    } else {
      SeriesState s = study.series.get();
      TreeSet<String> classes = split(s.sopClasses);
      classes.add(r.sopClass());
      boolean take = atLeastAsNew(r.created(), r.sop(), s.created, s.sop);
      updateSeries(c, r.tenant(), r.study(), r.series(), s.count + 1, classes,
          take ? Optional.of(mine) : Optional.empty());
      String old = s.modality == null ? "" : s.modality;
      if (take && !old.equals(modality)) {
        if (!modality.isEmpty()) {
          modalities.add(modality);
        }
        if (!old.isEmpty() && !otherSeriesHasModality(c, r.tenant(), r.study(), r.series(), old)) {
          modalities.remove(old);
        }
      }
    }
    if (!r.sopClass().isEmpty()) {
      studyClasses.add(r.sopClass());
    }
    boolean take = atLeastAsNew(r.created(), r.sop(), study.created, study.sop);
    writeStudy(c, r.tenant(), r.study(), seriesCount, study.instances + 1, modalities, studyClasses,
        take ? Optional.of(mine) : Optional.empty(), false);
  }

  private static TreeSet<String> setOf(String value) {
    TreeSet<String> set = new TreeSet<>();
    if (value != null && !value.isEmpty()) {
      set.add(value);
    }
    return set;
  }

  /** The study row as an insert needs it, and the row of one of its series if there is one. */
  private record StudyRow(long created, String sop, long seriesCount, long instances, String modalities,
      String sopClasses, Optional<SeriesState> series) {}

  /** One read by primary keys: the study row joined with one series row; empty without a study row. */
  private Optional<StudyRow> loadForInsert(Connection c, String tenant, String study, String series)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT st.source_created_at, st.source_sop_instance_uid, "
        + "st.number_of_study_related_series, st.number_of_study_related_instances, "
        + "st.modalities_in_study, st.sop_classes_in_study, "
        + "se.series_instance_uid, se.modality, se.sop_classes, se.number_of_series_related_instances, "
        + "se.source_created_at, se.source_sop_instance_uid FROM studies st LEFT JOIN series se "
        + "ON se.study_instance_uid = st.study_instance_uid" + (tenants ? " AND se.tenant = st.tenant" : "")
        + " AND se.series_instance_uid = ?"
        + " WHERE " + (tenants ? "st.tenant = ? AND " : "") + "st.study_instance_uid = ?")) {
      p.setString(1, series);
      p.setString(bindTenant(p, 2, tenant), study);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Optional<SeriesState> one = rs.getString(7) == null ? Optional.empty()
            : Optional.of(new SeriesState(rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
                rs.getLong(11), rs.getString(12)));
        return Optional.of(new StudyRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            rs.getString(5), rs.getString(6), one));
      }
    }
  }

  /** Whether a series of the tenant's {@code study} other than {@code series} has {@code modality}. */
  private boolean otherSeriesHasModality(Connection c, String tenant, String study, String series,
      String modality) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM series WHERE " + tenantAnd
        + "study_instance_uid = ? AND modality = ? AND series_instance_uid <> ? LIMIT 1")) {
      int i = bindTenant(p, 1, tenant);
      p.setString(i++, study);
      p.setString(i++, modality);
      p.setString(i, series);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Accounts for {@code r}, whose instance row was just deleted. */
  void removed(Connection c, Member r) throws SQLException {
    Optional<StudyState> state = load(c, r.tenant(), r.study());
    if (state.isEmpty()) {
      return; // nothing recorded for the study: nothing to take away
    }
    List<SeriesState> series = new ArrayList<>(state.get().series());
    int at = indexOf(series, r.series());
    if (at >= 0) {
      SeriesState s = series.get(at);
      if (s.count <= 1) {
        try (PreparedStatement p = c.prepareStatement(
            "DELETE FROM series WHERE " + tenantAnd + "study_instance_uid = ? AND series_instance_uid = ?")) {
          int i = bindTenant(p, 1, r.tenant());
          p.setString(i++, r.study());
          p.setString(i, r.series());
          p.executeUpdate();
        }
        series.remove(at);
      } else {
        TreeSet<String> classes = split(s.sopClasses);
        if (!seriesHasClass(c, r.tenant(), r.study(), r.series(), r.sopClass())) {
          classes.remove(r.sopClass());
        }
        Optional<Values> newSource = s.sop.equals(r.sop())
            ? latest(c, r.tenant(), plainSeriesColumns, seriesValues,
                "study_instance_uid = ? AND series_instance_uid = ?", r.study(), r.series())
            : Optional.empty();
        updateSeries(c, r.tenant(), r.study(), r.series(), s.count - 1, classes, newSource);
        series.set(at, new SeriesState(s.series,
            newSource.map(v -> v.values.getOrEmpty(IndexedAttribute.MODALITY)).orElse(s.modality),
            String.join("\\", classes), s.count - 1, newSource.map(Values::created).orElse(s.created),
            newSource.map(Values::sop).orElse(s.sop)));
      }
    }
    if (series.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM studies WHERE " + tenantAnd
          + "study_instance_uid = ?")) {
        p.setString(bindTenant(p, 1, r.tenant()), r.study());
        p.executeUpdate();
      }
      return;
    }
    Optional<Values> newSource = state.get().sop.equals(r.sop())
        ? latest(c, r.tenant(), plainStudyColumns, studyValues, "study_instance_uid = ?", r.study())
        : Optional.empty();
    writeStudy(c, r.tenant(), r.study(), series, newSource, false);
  }

  /** Recomputes the study's and its series' rows from its instances (migrations, repair). */
  void rebuild(Connection c, String tenant, String study) throws SQLException {
    for (String table : List.of("series", "studies")) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE " + tenantAnd
          + "study_instance_uid = ?")) {
        p.setString(bindTenant(p, 1, tenant), study);
        p.executeUpdate();
      }
    }
    List<Member> rows = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT sop_instance_uid, series_instance_uid, "
        + "sop_class_uid, created_at, " + plain(instanceValues) + " FROM instances WHERE " + tenantAnd
        + "study_instance_uid = ? ORDER BY created_at, " + dialect.binary("sop_instance_uid"))) {
      p.setString(bindTenant(p, 1, tenant), study);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          AttributeValues.Builder b = AttributeValues.builder();
          ColumnValues.read(rs, instanceValues, b);
          rows.add(new Member(tenant, rs.getString(1), study, rs.getString(2), rs.getString(3), rs.getLong(4),
              b.buildTrusted()));
        }
      }
    }
    // Replaying in age order makes the newest instance each row's source, as live inserts would.
    for (Member r : rows) {
      added(c, r);
    }
  }

  private record SeriesState(String series, String modality, String sopClasses, long count, long created,
      String sop) {}

  private record StudyState(long created, String sop, List<SeriesState> series) {}

  private record Values(String sop, long created, AttributeValues values) {}

  /** The study's source and its series rows, in one read; empty when the study has no row. */
  private Optional<StudyState> load(Connection c, String tenant, String study) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT st.source_created_at, st.source_sop_instance_uid, "
        + "se.series_instance_uid, se.modality, se.sop_classes, se.number_of_series_related_instances, "
        + "se.source_created_at, se.source_sop_instance_uid FROM studies st LEFT JOIN series se "
        + "ON se.study_instance_uid = st.study_instance_uid" + (tenants ? " AND se.tenant = st.tenant" : "")
        + " WHERE " + (tenants ? "st.tenant = ? AND " : "") + "st.study_instance_uid = ?")) {
      p.setString(bindTenant(p, 1, tenant), study);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long created = rs.getLong(1);
        String sop = rs.getString(2);
        List<SeriesState> series = new ArrayList<>();
        do {
          if (rs.getString(3) != null) {
            series.add(new SeriesState(rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getLong(7), rs.getString(8)));
          }
        } while (rs.next());
        return Optional.of(new StudyState(created, sop, series));
      }
    }
  }

  private static int indexOf(List<SeriesState> series, String uid) {
    for (int i = 0; i < series.size(); i++) {
      if (series.get(i).series.equals(uid)) {
        return i;
      }
    }
    return -1;
  }

  private void insertSeries(Connection c, Member r, Values v) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO series (" + (tenants ? "tenant, " : "")
        + "study_instance_uid, series_instance_uid, "
        + "number_of_series_related_instances, sop_classes, source_sop_instance_uid, source_created_at, "
        + seriesValueColumns + ") VALUES (" + (tenants ? "?, " : "") + "?, ?, 1, ?, ?, ?"
        + ", ?".repeat(paramCount(Table.SERIES)) + ")")) {
      int i = bindTenant(p, 1, r.tenant());
      p.setString(i++, r.study());
      p.setString(i++, r.series());
      p.setString(i++, r.sopClass());
      p.setString(i++, v.sop);
      p.setLong(i++, v.created);
      ColumnValues.bind(p, i, Table.SERIES, seriesValues, v.values);
      p.executeUpdate();
    }
  }

  private void updateSeries(Connection c, String tenant, String study, String series, long count, SortedSet<String> classes,
      Optional<Values> source) throws SQLException {
    String sql = "UPDATE series SET number_of_series_related_instances = ?, sop_classes = ?"
        + (source.isPresent() ? ", source_sop_instance_uid = ?, source_created_at = ?, "
            + ColumnValues.assignments(Table.SERIES, seriesValues) : "")
        + " WHERE " + tenantAnd + "study_instance_uid = ? AND series_instance_uid = ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setLong(i++, count);
      p.setString(i++, String.join("\\", classes));
      if (source.isPresent()) {
        p.setString(i++, source.get().sop);
        p.setLong(i++, source.get().created);
        i = ColumnValues.bind(p, i, Table.SERIES, seriesValues, source.get().values);
      }
      i = bindTenant(p, i, tenant);
      p.setString(i++, study);
      p.setString(i, series);
      p.executeUpdate();
    }
  }

  private boolean seriesHasClass(Connection c, String tenant, String study, String series, String sopClass)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM instances WHERE " + tenantAnd
        + "series_instance_uid = ? AND sop_class_uid = ? AND study_instance_uid = ? LIMIT 1")) {
      int i = bindTenant(p, 1, tenant);
      p.setString(i++, series);
      p.setString(i++, sopClass);
      p.setString(i, study);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The most recent instance matching {@code where}, with the values of {@code attributes}. */
  private Optional<Values> latest(Connection c, String tenant, String columns, List<IndexedAttribute> attributes,
      String where, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT sop_instance_uid, created_at, " + columns
        + " FROM instances WHERE " + tenantAnd + where + " ORDER BY created_at DESC, " + dialect.binary("sop_instance_uid")
        + " DESC LIMIT 1")) {
      int first = bindTenant(p, 1, tenant);
      for (int i = 0; i < args.length; i++) {
        p.setString(first + i, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        AttributeValues.Builder b = AttributeValues.builder();
        ColumnValues.read(rs, attributes, b);
        return Optional.of(new Values(rs.getString(1), rs.getLong(2), b.buildTrusted()));
      }
    }
  }

  /**
   * Writes the study row from its series rows: counts, Modalities in Study and SOP Classes in Study
   * (distinct, sorted, backslash-separated), and the values of {@code source} when present.
   */
  private void writeStudy(Connection c, String tenant, String study, List<SeriesState> series, Optional<Values> source,
      boolean insert) throws SQLException {
    long instances = 0;
    TreeSet<String> modalities = new TreeSet<>();
    TreeSet<String> classes = new TreeSet<>();
    for (SeriesState s : series) {
      instances += s.count;
      if (s.modality != null && !s.modality.isEmpty()) {
        modalities.add(s.modality);
      }
      classes.addAll(split(s.sopClasses));
    }
    writeStudy(c, tenant, study, series.size(), instances, modalities, classes, source, insert);
  }

  /** Writes the study row's computed values, and the values of {@code source} when present. */
  private void writeStudy(Connection c, String tenant, String study, long seriesCount, long instances,
      SortedSet<String> modalities, SortedSet<String> classes, Optional<Values> source, boolean insert)
      throws SQLException {
    String sql = insert
        ? "INSERT INTO studies (study_instance_uid, number_of_study_related_series, "
            + "number_of_study_related_instances, modalities_in_study, sop_classes_in_study, "
            + "source_sop_instance_uid, source_created_at, " + studyValueColumns + (tenants ? ", tenant" : "")
            + ") VALUES (?, ?, ?, ?, ?, ?, ?" + ", ?".repeat(paramCount(Table.STUDIES)) + (tenants ? ", ?" : "")
            + ")"
        : "UPDATE studies SET study_instance_uid = ?, number_of_study_related_series = ?, "
            + "number_of_study_related_instances = ?, modalities_in_study = ?, sop_classes_in_study = ?"
            + (source.isPresent() ? ", source_sop_instance_uid = ?, source_created_at = ?, "
                + ColumnValues.assignments(Table.STUDIES, studyValues) : "")
            + " WHERE " + tenantAnd + "study_instance_uid = ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = bindComputed(p, study, seriesCount, instances, modalities, classes);
      if (source.isPresent()) {
        p.setString(i++, source.get().sop);
        p.setLong(i++, source.get().created);
        i = ColumnValues.bind(p, i, Table.STUDIES, studyValues, source.get().values);
      }
      if (insert) {
        bindTenant(p, i, tenant);
      } else {
        p.setString(bindTenant(p, i, tenant), study);
      }
      p.executeUpdate();
    }
  }

  private static int bindComputed(PreparedStatement p, String study, long series, long instances,
      Collection<String> modalities, Collection<String> classes) throws SQLException {
    p.setString(1, study);
    p.setLong(2, series);
    p.setLong(3, instances);
    p.setString(4, String.join("\\", modalities));
    p.setString(5, String.join("\\", classes));
    return 6;
  }

  private int paramCount(Table t) {
    return ColumnValues.count(t, t == Table.STUDIES ? studyValues : seriesValues);
  }

  private static TreeSet<String> split(String list) {
    TreeSet<String> out = new TreeSet<>();
    if (list != null && !list.isEmpty()) {
      out.addAll(Arrays.asList(list.split("\\\\")));
    }
    return out;
  }

  /** True when (created, sop) is at least as recent as the current source (same instance counts). */
  private static boolean atLeastAsNew(long created, String sop, long sourceCreated, String sourceSop) {
    return created > sourceCreated || (created == sourceCreated && sop.compareTo(sourceSop) >= 0);
  }
}
