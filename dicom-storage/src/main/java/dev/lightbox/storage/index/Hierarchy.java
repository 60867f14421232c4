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
 * writers on PostgreSQL cannot lose each other's counts; SQLite writers are serialised anyway.
 */
final class Hierarchy {

  private final Dialect dialect;
  private final List<IndexedAttribute> studyValues;
  private final List<IndexedAttribute> seriesValues;
  private final List<IndexedAttribute> instanceValues;
  private final String studyValueColumns;
  private final String seriesValueColumns;
  private final String plainStudyColumns;
  private final String plainSeriesColumns;

  /** Maintains the tables as they are at schema {@code version} (a migration's, or the current). */
  Hierarchy(Dialect dialect, int version) {
    this.dialect = dialect;
    this.studyValues = supplied(Table.STUDIES, version);
    this.seriesValues = supplied(Table.SERIES, version);
    this.instanceValues = IndexSchema.attributes(Table.INSTANCES, version);
    this.studyValueColumns = ColumnValues.names(Table.STUDIES, studyValues);
    this.seriesValueColumns = ColumnValues.names(Table.SERIES, seriesValues);
    this.plainStudyColumns = plain(studyValues);
    this.plainSeriesColumns = plain(seriesValues);
  }

  /** What the hierarchy needs to know of an instance. */
  record Member(String sop, String study, String series, String sopClass, long created, AttributeValues values) {
    static Member of(InstanceRecord r) {
      return new Member(r.sopInstanceUid(), r.studyInstanceUid(), r.seriesInstanceUid(), r.sopClassUid(),
          r.created().toEpochMilli(), r.values());
    }
  }

  private static List<IndexedAttribute> supplied(Table t, int version) {
    return IndexSchema.attributes(t, version).stream().filter(a -> !a.computed()).toList();
  }

  private static String plain(List<IndexedAttribute> attributes) {
    return String.join(", ", attributes.stream().map(IndexedAttribute::column).toList());
  }

  /** Takes the write locks of these studies for the rest of the transaction, in a fixed order. */
  void lock(Connection c, String... studyUids) throws SQLException {
    String[] sorted = Arrays.stream(studyUids).distinct().sorted().toArray(String[]::new);
    for (String uid : sorted) {
      dialect.lockStudy(c, uid);
    }
  }

  /** Accounts for {@code r}, whose instance row was just inserted. */
  void added(Connection c, Member r) throws SQLException {
    String study = r.study();
    String series = r.series();
    long created = r.created();
    Optional<Source> current = seriesSource(c, study, series);
    if (current.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO series (study_instance_uid, series_instance_uid, "
          + "number_of_series_related_instances, sop_classes, source_sop_instance_uid, source_created_at, "
          + seriesValueColumns + ") VALUES (?, ?, 1, ?, ?, ?" + ", ?".repeat(paramCount(Table.SERIES)) + ")")) {
        p.setString(1, study);
        p.setString(2, series);
        p.setString(3, r.sopClass());
        p.setString(4, r.sop());
        p.setLong(5, created);
        ColumnValues.bind(p, 6, Table.SERIES, seriesValues, r.values());
        p.executeUpdate();
      }
    } else {
      Source s = current.get();
      TreeSet<String> classes = split(s.sopClasses);
      classes.add(r.sopClass());
      boolean takeValues = atLeastAsNew(created, r.sop(), s.created, s.sop);
      updateSeries(c, study, series, s.count + 1, classes,
          takeValues ? Optional.of(new Values(r.sop(), created, r.values())) : Optional.empty());
    }
    refreshStudy(c, study, Optional.of(new Values(r.sop(), created, r.values())), Optional.empty());
  }

  /** Accounts for {@code r}, whose instance row was just deleted. */
  void removed(Connection c, Member r) throws SQLException {
    String study = r.study();
    String series = r.series();
    Optional<Source> current = seriesSource(c, study, series);
    if (current.isPresent()) {
      Source s = current.get();
      if (s.count <= 1) {
        try (PreparedStatement p = c.prepareStatement(
            "DELETE FROM series WHERE study_instance_uid = ? AND series_instance_uid = ?")) {
          p.setString(1, study);
          p.setString(2, series);
          p.executeUpdate();
        }
      } else {
        TreeSet<String> classes = split(s.sopClasses);
        if (!seriesHasClass(c, study, series, r.sopClass())) {
          classes.remove(r.sopClass());
        }
        Optional<Values> newSource = s.sop.equals(r.sop())
            ? latest(c, plainSeriesColumns, seriesValues, "study_instance_uid = ? AND series_instance_uid = ?", study, series)
            : Optional.empty();
        updateSeries(c, study, series, s.count - 1, classes, newSource);
      }
    }
    refreshStudy(c, study, Optional.empty(), Optional.of(r.sop()));
  }

  /** Recomputes the study's and its series' rows from its instances (migrations, repair). */
  void rebuild(Connection c, String study) throws SQLException {
    for (String table : List.of("series", "studies")) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE study_instance_uid = ?")) {
        p.setString(1, study);
        p.executeUpdate();
      }
    }
    List<Member> rows = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT sop_instance_uid, series_instance_uid, "
        + "sop_class_uid, created_at, " + plain(instanceValues) + " FROM instances WHERE study_instance_uid = ? "
        + "ORDER BY created_at, " + dialect.binary("sop_instance_uid"))) {
      p.setString(1, study);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          AttributeValues.Builder b = AttributeValues.builder();
          ColumnValues.read(rs, instanceValues, b);
          rows.add(new Member(rs.getString(1), study, rs.getString(2), rs.getString(3), rs.getLong(4),
              b.buildTrusted()));
        }
      }
    }
    // Replaying in age order makes the newest instance each row's source, as live inserts would.
    for (Member r : rows) {
      added(c, r);
    }
  }

  private record Source(long count, String sopClasses, long created, String sop) {}

  private record Values(String sop, long created, AttributeValues values) {}

  private Optional<Source> seriesSource(Connection c, String study, String series) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT number_of_series_related_instances, sop_classes, "
        + "source_created_at, source_sop_instance_uid FROM series WHERE study_instance_uid = ? "
        + "AND series_instance_uid = ?")) {
      p.setString(1, study);
      p.setString(2, series);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next()
            ? Optional.of(new Source(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
            : Optional.empty();
      }
    }
  }

  private void updateSeries(Connection c, String study, String series, long count, SortedSet<String> classes,
      Optional<Values> source) throws SQLException {
    String sql = "UPDATE series SET number_of_series_related_instances = ?, sop_classes = ?"
        + (source.isPresent() ? ", source_sop_instance_uid = ?, source_created_at = ?, "
            + ColumnValues.assignments(Table.SERIES, seriesValues) : "")
        + " WHERE study_instance_uid = ? AND series_instance_uid = ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setLong(i++, count);
      p.setString(i++, String.join("\\", classes));
      if (source.isPresent()) {
        p.setString(i++, source.get().sop);
        p.setLong(i++, source.get().created);
        i = ColumnValues.bind(p, i, Table.SERIES, seriesValues, source.get().values);
      }
      p.setString(i++, study);
      p.setString(i, series);
      p.executeUpdate();
    }
  }

  private static boolean seriesHasClass(Connection c, String study, String series, String sopClass)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM instances WHERE series_instance_uid = ? "
        + "AND sop_class_uid = ? AND study_instance_uid = ? LIMIT 1")) {
      p.setString(1, series);
      p.setString(2, sopClass);
      p.setString(3, study);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The most recent instance matching {@code where}, with the values of {@code attributes}. */
  private Optional<Values> latest(Connection c, String columns, List<IndexedAttribute> attributes,
      String where, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT sop_instance_uid, created_at, " + columns
        + " FROM instances WHERE " + where + " ORDER BY created_at DESC, " + dialect.binary("sop_instance_uid")
        + " DESC LIMIT 1")) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
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
   * Brings the study row in line with its series rows: counts, Modalities in Study and SOP Classes
   * in Study (sorted, distinct, backslash-separated), and its values when {@code added} is newer
   * than the current source or the source instance {@code removedSop} went away.
   */
  private void refreshStudy(Connection c, String study, Optional<Values> added, Optional<String> removedSop)
      throws SQLException {
    long seriesCount = 0;
    long instanceCount = 0;
    TreeSet<String> modalities = new TreeSet<>();
    TreeSet<String> classes = new TreeSet<>();
    try (PreparedStatement p = c.prepareStatement("SELECT modality, sop_classes, "
        + "number_of_series_related_instances FROM series WHERE study_instance_uid = ?")) {
      p.setString(1, study);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String modality = rs.getString(1);
          if (modality != null) {
            modalities.add(modality);
          }
          classes.addAll(split(rs.getString(2)));
          instanceCount += rs.getLong(3);
          seriesCount++;
        }
      }
    }
    if (seriesCount == 0) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM studies WHERE study_instance_uid = ?")) {
        p.setString(1, study);
        p.executeUpdate();
      }
      return;
    }
    Optional<long[]> sourceCreated = Optional.empty();
    String sourceSop = null;
    try (PreparedStatement p = c.prepareStatement(
        "SELECT source_created_at, source_sop_instance_uid FROM studies WHERE study_instance_uid = ?")) {
      p.setString(1, study);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          sourceCreated = Optional.of(new long[] {rs.getLong(1)});
          sourceSop = rs.getString(2);
        }
      }
    }
    Optional<Values> source = Optional.empty();
    if (added.isPresent() && (sourceCreated.isEmpty()
        || atLeastAsNew(added.get().created, added.get().sop, sourceCreated.get()[0], sourceSop))) {
      source = added;
    } else if (removedSop.isPresent() && removedSop.get().equals(sourceSop)) {
      source = latest(c, plainStudyColumns, studyValues, "study_instance_uid = ?", study);
    }
    String computed = "number_of_study_related_series, number_of_study_related_instances, "
        + "modalities_in_study, sop_classes_in_study";
    if (sourceCreated.isEmpty()) {
      Values v = source.orElseThrow();
      try (PreparedStatement p = c.prepareStatement("INSERT INTO studies (study_instance_uid, " + computed
          + ", source_sop_instance_uid, source_created_at, " + studyValueColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?"
          + ", ?".repeat(paramCount(Table.STUDIES)) + ")")) {
        int i = bindComputed(p, study, seriesCount, instanceCount, modalities, classes);
        p.setString(i++, v.sop);
        p.setLong(i++, v.created);
        ColumnValues.bind(p, i, Table.STUDIES, studyValues, v.values);
        p.executeUpdate();
      }
      return;
    }
    try (PreparedStatement p = c.prepareStatement("UPDATE studies SET study_instance_uid = ?, "
        + "number_of_study_related_series = ?, number_of_study_related_instances = ?, "
        + "modalities_in_study = ?, sop_classes_in_study = ?"
        + (source.isPresent() ? ", source_sop_instance_uid = ?, source_created_at = ?, "
            + ColumnValues.assignments(Table.STUDIES, studyValues) : "")
        + " WHERE study_instance_uid = ?")) {
      int i = bindComputed(p, study, seriesCount, instanceCount, modalities, classes);
      if (source.isPresent()) {
        p.setString(i++, source.get().sop);
        p.setLong(i++, source.get().created);
        i = ColumnValues.bind(p, i, Table.STUDIES, studyValues, source.get().values);
      }
      p.setString(i, study);
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
