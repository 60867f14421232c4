package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * {@link InstanceIndex} over JDBC, shared by SQLite and PostgreSQL; the SQL is portable except for
 * {@link Dialect}'s locks and collation. The study and series rows are kept by {@link Hierarchy},
 * queries are built by {@link QuerySql}. Build one with {@link SqliteInstanceIndex} or
 * {@link PostgresInstanceIndex}.
 */
public final class JdbcInstanceIndex implements InstanceIndex {

  private static final String COLUMNS = InstanceRows.COLUMNS;
  private static final String ORDER = " ORDER BY created_at, sop_instance_uid";
  /** Study Date as stored: PS3.5 DA, YYYYMMDD, so text order is date order. */
  private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

  private final DataSource dataSource;
  /**
   * Where blob leases are written ({@link #writeLease}): on SQLite under {@code --durability full}
   * a connection with {@code synchronous=NORMAL}, so a lease commit costs no fsync, while rows go
   * through {@link #dataSource} with {@code synchronous=FULL}. Why that is safe is argued in
   * {@link #writeLease}; PostgreSQL uses the one pool for both.
   */
  private final DataSource leaseDataSource;
  private final Closeable onClose;
  private final Dialect dialect;
  private final String description;
  /** SQLite allows one writer; serialising in-process avoids SQLITE_BUSY storms between threads. */
  private final ReentrantLock writeLock;
  private final Duration writeLockTimeout;
  private final ExclusiveLocks exclusiveLocks;
  private final Hierarchy hierarchy;
  private final JdbcTokenStore tokens = new JdbcTokenStore(this);

  JdbcInstanceIndex(DataSource dataSource, Closeable onClose, Dialect dialect, String description,
      boolean serializeWrites, Duration writeLockTimeout, ExclusiveLocks exclusiveLocks) {
    this(dataSource, dataSource, onClose, dialect, description, serializeWrites, writeLockTimeout,
        exclusiveLocks);
  }

  JdbcInstanceIndex(DataSource dataSource, DataSource leaseDataSource, Closeable onClose,
      Dialect dialect, String description, boolean serializeWrites, Duration writeLockTimeout,
      ExclusiveLocks exclusiveLocks) {
    this.dataSource = dataSource;
    this.leaseDataSource = leaseDataSource;
    this.onClose = onClose;
    this.dialect = dialect;
    this.description = description;
    this.writeLock = serializeWrites ? new ReentrantLock(true) : null;
    this.writeLockTimeout = writeLockTimeout;
    this.exclusiveLocks = exclusiveLocks;
    this.hierarchy = new Hierarchy(dialect, IndexedAttribute.DECLARATION_VERSION, true);
  }

  /** Applies pending migrations; called once by the factories. */
  void migrate() throws StorageException {
    write("migrate schema", c -> Migrations.migrate(c, dialect, description));
  }

  @Override
  public InsertOutcome insertIfAbsent(String tenant, InstanceRecord r, String metadataDocument)
      throws StorageException {
    InstanceIndex.requireTenant(tenant);
    Objects.requireNonNull(metadataDocument, "metadataDocument");
    return write("insert " + r.sopInstanceUid(), c -> insertIfAbsent(c, tenant, r, metadataDocument));
  }

  /**
   * One transaction, one durable commit, for a batch of inserts (group commit). Study locks are
   * taken in study UID order so that two batches on different nodes cannot deadlock.
   */
  @Override
  public List<InsertOutcome> insertAllIfAbsent(List<String> tenants, List<InstanceRecord> records,
      List<String> metadataDocuments) throws StorageException {
    return insertAll(tenants, records, metadataDocuments, false);
  }

  /**
   * The batch insert with the leases of the inserted rows' blobs released in the same transaction
   * (the group commit's last step costs no commit of its own). Releasing inside the row's
   * transaction is never too early: the row that now protects the blob commits at the same
   * instant the lease goes.
   */
  @Override
  public List<InsertOutcome> insertAllIfAbsentReleasingLeases(List<String> tenants,
      List<InstanceRecord> records, List<String> metadataDocuments) throws StorageException {
    return insertAll(tenants, records, metadataDocuments, true);
  }

  private List<InsertOutcome> insertAll(List<String> tenants, List<InstanceRecord> records,
      List<String> metadataDocuments, boolean releaseLeases) throws StorageException {
    Integer[] order = new Integer[records.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      InstanceIndex.requireTenant(tenants.get(i));
      Objects.requireNonNull(metadataDocuments.get(i), "metadataDocument");
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparing(
        (Integer i) -> records.get(i).studyInstanceUid()));
    return write("insert batch of " + records.size(), c -> {
      InsertOutcome[] outcomes = new InsertOutcome[order.length];
      List<String> inserted = new java.util.ArrayList<>(order.length);
      for (int i : order) {
        outcomes[i] = insertIfAbsent(c, tenants.get(i), records.get(i), metadataDocuments.get(i));
        if (outcomes[i].inserted()) {
          inserted.add(records.get(i).blobKey());
        }
      }
      if (releaseLeases) {
        releaseLeases(c, inserted);
      }
      return List.of(outcomes);
    });
  }


  private InsertOutcome insertIfAbsent(Connection c, String tenant, InstanceRecord r, String metadataDocument)
      throws SQLException, StorageException {
    hierarchy.lock(c, r.studyInstanceUid());
    // A bounded loop: a conflicting row can be deleted between our INSERT and SELECT.
    for (int attempt = 0; attempt < 3; attempt++) {
      if (insertRow(c, tenant, r, metadataDocument)) {
        return new InsertOutcome(true, r);
      }
      Optional<InstanceRecord> existing = find(c, tenant, r.sopInstanceUid(), "");
      if (existing.isPresent()) {
        return new InsertOutcome(false, existing.get());
      }
    }
    throw new StorageException(Reason.IO, description + ": insert " + r.sopInstanceUid()
        + " kept racing with deletes; retry");
  }

  /** Inserts row, document and hierarchy counts; false when the SOP Instance UID is taken. */
  private boolean insertRow(Connection c, String tenant, InstanceRecord r, String metadataDocument)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(InstanceRows.INSERT)) {
      InstanceRows.bindInsert(p, tenant, r);
      if (p.executeUpdate() != 1) {
        return false;
      }
    }
    if (metadataDocument != null) {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO instance_metadata (tenant, sop_instance_uid, "
          + "document) VALUES (?, ?, ?) ON CONFLICT (tenant, sop_instance_uid) "
          + "DO UPDATE SET document = excluded.document")) {
        p.setString(1, tenant);
        p.setString(2, r.sopInstanceUid());
        p.setString(3, metadataDocument);
        p.executeUpdate();
      }
    }
    hierarchy.added(c, Hierarchy.Member.of(tenant, r));
    return true;
  }

  /** Deletes the row (and, unless {@code keepDocument}, its document) and updates the hierarchy. */
  private void deleteRow(Connection c, String tenant, InstanceRecord old, boolean keepDocument)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM instances WHERE tenant = ? AND sop_instance_uid = ?")) {
      p.setString(1, tenant);
      p.setString(2, old.sopInstanceUid());
      p.executeUpdate();
    }
    if (!keepDocument) {
      try (PreparedStatement p = c.prepareStatement(
          "DELETE FROM instance_metadata WHERE tenant = ? AND sop_instance_uid = ?")) {
        p.setString(1, tenant);
        p.setString(2, old.sopInstanceUid());
        p.executeUpdate();
      }
    }
    hierarchy.removed(c, Hierarchy.Member.of(tenant, old));
  }

  /**
   * Reads the row, takes the locks of its study and of {@code otherStudy}, and reads it again with
   * a row lock. Empty when the row is gone or moved to another study meanwhile (the caller's
   * compare-and-swap then fails and it decides again). Study locks before row locks, always, so
   * that writers never wait on each other in a circle.
   */
  private Optional<InstanceRecord> lockRow(Connection c, String tenant, String uid, String otherStudy)
      throws SQLException {
    Optional<InstanceRecord> seen = find(c, tenant, uid, "");
    if (seen.isEmpty()) {
      return seen;
    }
    hierarchy.lock(c, seen.get().studyInstanceUid(), otherStudy == null ? seen.get().studyInstanceUid() : otherStudy);
    Optional<InstanceRecord> locked = find(c, tenant, uid, dialect.forUpdate());
    if (locked.isPresent() && !locked.get().studyInstanceUid().equals(seen.get().studyInstanceUid())) {
      return Optional.empty();
    }
    return locked;
  }

  @Override
  public Optional<InstanceRecord> replace(String tenant, InstanceRecord r, String metadataDocument,
      String expectedSha256) throws StorageException {
    InstanceIndex.requireTenant(tenant);
    Objects.requireNonNull(metadataDocument, "metadataDocument");
    return write("replace " + r.sopInstanceUid(), c -> {
      Optional<InstanceRecord> old = lockRow(c, tenant, r.sopInstanceUid(), r.studyInstanceUid());
      if (old.isEmpty() || !old.get().sha256().equals(expectedSha256)) {
        return Optional.empty();
      }
      deleteRow(c, tenant, old.get(), true);
      insertRow(c, tenant, r, metadataDocument);
      return old;
    });
  }

  @Override
  public Optional<InstanceRecord> reindex(String tenant, String sopInstanceUid, AttributeValues values)
      throws StorageException {
    InstanceIndex.requireTenant(tenant);
    Objects.requireNonNull(values, "values");
    return write("reindex " + sopInstanceUid, c -> {
      Optional<InstanceRecord> old = lockRow(c, tenant, sopInstanceUid, null);
      if (old.isEmpty()) {
        return Optional.empty();
      }
      InstanceRecord updated = old.get().withValues(values);
      deleteRow(c, tenant, old.get(), true);
      insertRow(c, tenant, updated, null);
      return Optional.of(updated);
    });
  }

  @Override
  public List<InstanceKey> staleInstances(int limit) throws StorageException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " must be at least 1");
    }
    return read("staleInstances", c -> {
      List<InstanceKey> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT tenant, sop_instance_uid FROM instances "
          + "WHERE index_version < ? ORDER BY " + dialect.binary("sop_instance_uid") + ", "
          + dialect.binary("tenant") + " LIMIT ?")) {
        p.setInt(1, IndexedAttribute.DECLARATION_VERSION);
        p.setInt(2, limit);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new InstanceKey(rs.getString(1), rs.getString(2)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Optional<InstanceRecord> find(String tenant, String sopInstanceUid) throws StorageException {
    InstanceIndex.requireTenant(tenant);
    return read("find " + sopInstanceUid, c -> find(c, tenant, sopInstanceUid, ""));
  }

  private Optional<InstanceRecord> find(Connection c, String tenant, String uid, String lock) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM instances WHERE tenant = ? "
        + "AND sop_instance_uid = ?" + lock)) {
      p.setString(1, tenant);
      p.setString(2, uid);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(InstanceRows.row(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<String> metadata(String tenant, String sopInstanceUid) throws StorageException {
    InstanceIndex.requireTenant(tenant);
    return read("metadata " + sopInstanceUid, c -> {
      try (PreparedStatement p = c.prepareStatement(
          "SELECT document FROM instance_metadata WHERE tenant = ? AND sop_instance_uid = ?")) {
        p.setString(1, tenant);
        p.setString(2, sopInstanceUid);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public QueryPage query(String tenant, IndexQuery q) throws StorageException {
    QuerySql sql = new QuerySql(dialect, InstanceIndex.requireTenant(tenant), q);
    return read("query " + q.level(), c -> {
      List<QueryRow> rows = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(sql.select())) {
        int i = sql.bind(p);
        p.setInt(i++, q.limit());
        p.setLong(i, q.offset());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rows.add(new QueryRow(q.level(), sql.row(rs)));
          }
        }
      }
      long total;
      try (PreparedStatement p = c.prepareStatement(sql.count())) {
        sql.bind(p);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      return new QueryPage(rows, total, q.limit(), q.offset());
    });
  }

  @Override
  public <T> Optional<T> tryExclusive(String lockName, ExclusiveWork<T> work) throws StorageException {
    Objects.requireNonNull(lockName, "lockName");
    Objects.requireNonNull(work, "work");
    return exclusiveLocks.tryRun(lockName, work);
  }

  @Override
  public InstancePage list(String tenant, InstanceQuery q) throws StorageException {
    StringBuilder where = new StringBuilder(" WHERE tenant = ?");
    List<String> args = new ArrayList<>();
    args.add(InstanceIndex.requireTenant(tenant));
    q.patientId().ifPresent(v -> filter(where, args, "patient_id = ?", v));
    q.studyInstanceUid().ifPresent(v -> filter(where, args, "study_instance_uid = ?", v));
    q.seriesInstanceUid().ifPresent(v -> filter(where, args, "series_instance_uid = ?", v));
    q.modality().ifPresent(v -> filter(where, args, "modality = ?", v));
    q.studyDateFrom().ifPresent(v -> filter(where, args, "study_date >= ?", DA.format(v)));
    q.studyDateTo().ifPresent(v -> filter(where, args, "study_date <= ?", DA.format(v)));
    return read("list", c -> {
      List<InstanceRecord> items = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM instances" + where + ORDER + " LIMIT ? OFFSET ?")) {
        int i = 1;
        for (String a : args) {
          p.setString(i++, a);
        }
        p.setInt(i++, q.limit());
        p.setLong(i, q.offset());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            items.add(InstanceRows.row(rs));
          }
        }
      }
      long total;
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM instances" + where)) {
        for (int i = 0; i < args.size(); i++) {
          p.setString(i + 1, args.get(i));
        }
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      return new InstancePage(items, total, q.limit(), q.offset());
    });
  }

  private static void filter(StringBuilder where, List<String> args, String clause, String value) {
    where.append(" AND ").append(clause);
    args.add(value);
  }

  @Override
  public Optional<InstanceRecord> delete(String tenant, String sopInstanceUid) throws StorageException {
    InstanceIndex.requireTenant(tenant);
    return write("delete " + sopInstanceUid, c -> {
      Optional<InstanceRecord> old = lockRow(c, tenant, sopInstanceUid, null);
      if (old.isPresent()) {
        deleteRow(c, tenant, old.get(), false);
      }
      return old;
    });
  }

  @Override
  public boolean isBlobReferenced(String blobKey) throws StorageException {
    return read("isBlobReferenced " + blobKey, c -> referenced(c, blobKey));
  }

  private static boolean referenced(Connection c, String blobKey) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM instances WHERE blob_key = ? LIMIT 1")) {
      p.setString(1, blobKey);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void acquireBlobLease(String blobKey, Instant until) throws StorageException {
    acquireBlobLeases(List.of(blobKey), until);
  }

  @Override
  public void acquireBlobLeases(List<String> blobKeys, Instant until) throws StorageException {
    writeLease("acquireBlobLease " + blobKeys.get(0) + (blobKeys.size() > 1 ? " and "
        + (blobKeys.size() - 1) + " more" : ""), c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO blob_refs (blob_key, inflight, lease_until) "
          + "VALUES (?, 1, ?) ON CONFLICT (blob_key) DO UPDATE SET inflight = blob_refs.inflight + 1, "
          + "lease_until = CASE WHEN blob_refs.lease_until > excluded.lease_until "
          + "THEN blob_refs.lease_until ELSE excluded.lease_until END")) {
        for (String blobKey : sortedCopy(blobKeys)) {
          p.setString(1, blobKey);
          p.setLong(2, until.toEpochMilli());
          p.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public void releaseBlobLease(String blobKey) throws StorageException {
    releaseBlobLeases(List.of(blobKey));
  }

  @Override
  public void releaseBlobLeases(List<String> blobKeys) throws StorageException {
    if (blobKeys.isEmpty()) {
      return;
    }
    writeLease("releaseBlobLease " + blobKeys.get(0) + (blobKeys.size() > 1 ? " and "
        + (blobKeys.size() - 1) + " more" : ""), c -> {
      releaseLeases(c, blobKeys);
      return null;
    });
  }

  private static void releaseLeases(Connection c, List<String> blobKeys) throws SQLException {
    if (blobKeys.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("UPDATE blob_refs SET inflight = "
        + "CASE WHEN inflight > 0 THEN inflight - 1 ELSE 0 END WHERE blob_key = ?")) {
      for (String blobKey : sortedCopy(blobKeys)) {
        p.setString(1, blobKey);
        p.executeUpdate();
      }
    }
  }

  /** Rows locked in key order: concurrent batches (other nodes) cannot deadlock on them. */
  private static List<String> sortedCopy(List<String> keys) {
    List<String> sorted = new java.util.ArrayList<>(keys);
    java.util.Collections.sort(sorted);
    return sorted;
  }

  @Override
  public boolean deleteBlobIfUnreferenced(String blobKey, Instant now, BlobDeletion deletion)
      throws StorageException {
    return write("deleteBlobIfUnreferenced " + blobKey, c -> {
      // Make sure a row exists to lock, then delete it only under both conditions. A concurrent
      // acquireBlobLease blocks on this row until we commit, i.e. until the blob is gone.
      try (PreparedStatement p = c.prepareStatement("INSERT INTO blob_refs (blob_key, inflight, lease_until) "
          + "VALUES (?, 0, 0) ON CONFLICT (blob_key) DO NOTHING")) {
        p.setString(1, blobKey);
        p.executeUpdate();
      }
      int deleted;
      try (PreparedStatement p = c.prepareStatement("DELETE FROM blob_refs WHERE blob_key = ? "
          + "AND (inflight = 0 OR lease_until < ?) "
          + "AND NOT EXISTS (SELECT 1 FROM instances WHERE blob_key = ?)")) {
        p.setString(1, blobKey);
        p.setLong(2, now.toEpochMilli());
        p.setString(3, blobKey);
        deleted = p.executeUpdate();
      }
      if (deleted == 1) {
        deletion.delete();
        return true;
      }
      return false;
    });
  }

  @Override
  public List<String> tenants() throws StorageException {
    return read("tenants", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT tenant FROM instances");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      java.util.Collections.sort(out); // by code point, whatever the database's collation
      return out;
    });
  }

  @Override
  public long count() throws StorageException {
    return read("count", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM instances");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public void check() throws StorageException {
    read("check", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT 1"); ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    });
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      onClose.close();
    } catch (IOException ignored) {
      // closing a pool does not fail in a way the caller could act on
    }
  }

  /** The access tokens kept in the same database (schema version 3, docs/security.md). */
  public TokenStore tokens() {
    return tokens;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException, StorageException;
  }

  /**
   * Runs a read. A pooled connection that the server dropped (restart, failover) fails on first
   * use; the pool discards it, and one retry on a fresh connection is always safe for a read.
   */
  <T> T read(String op, SqlWork<T> work) throws StorageException {
    for (int attempt = 0; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        if (attempt == 0 && SqlFailures.isStaleConnection(e)) {
          continue;
        }
        throw SqlFailures.translate(description, op, e);
      }
    }
  }

  /**
   * Runs one transaction. A stale pooled connection is retried once on a fresh one, but only when
   * the failure came before COMMIT was sent, so the transaction certainly did not happen.
   */
  <T> T write(String op, SqlWork<T> work) throws StorageException {
    return write(dataSource, op, work);
  }

  /**
   * A transaction that only takes or gives back blob leases, on {@link #leaseDataSource}.
   *
   * <p>Why a lease may be committed without an fsync (SQLite, {@code synchronous=NORMAL}): a lease
   * only keeps the sweeper and {@link #deleteBlobIfUnreferenced} away from a blob between its
   * write and its row's commit, and they read it from the database, where it is visible the
   * moment it commits, synced or not. What NORMAL gives up is the lease surviving a power loss or
   * an operating-system crash. Such a crash ends this process too (SQLite is embedded, every user
   * of the file is on this machine), so the ingest that held the lease is gone with it: it was
   * never acknowledged, and its blob without a row is an orphan the sweeper may rightly remove.
   * A lease can never be lost while a row that depends on it survives: the row commit is FULL,
   * and SQLite's WAL is replayed only as a prefix (frames are checksummed in a chain), so a
   * durable row commit makes every earlier commit durable, the lease's included. A process crash
   * (SIGKILL) loses nothing: NORMAL commits are in the WAL file in the page cache.
   *
   * <p>PostgreSQL keeps its leases synchronous: there the database can crash and restart on its
   * own while the ingesting node lives on, believing it holds a lease that an asynchronous commit
   * lost; another node's sweeper could then delete a re-used old blob before the row that refers
   * to it commits. Only a durable lease rules that out.
   */
  <T> T writeLease(String op, SqlWork<T> work) throws StorageException {
    return write(leaseDataSource, op, work);
  }

  private <T> T write(DataSource source, String op, SqlWork<T> work) throws StorageException {
    lockForWrite(op);
    try {
      for (int attempt = 0; ; attempt++) {
        boolean committing = false;
        try (Connection c = source.getConnection()) {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            committing = true;
            c.commit();
            return result;
          } catch (SQLException | StorageException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
          } finally {
            resetQuietly(c);
          }
        } catch (SQLException e) {
          if (attempt == 0 && !committing && SqlFailures.isStaleConnection(e)) {
            continue;
          }
          throw SqlFailures.translate(description, op, e);
        }
      }
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
  }

  private void lockForWrite(String op) throws StorageException {
    if (writeLock == null) {
      return;
    }
    try {
      if (!writeLock.tryLock(writeLockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StorageException(StorageException.Store.INDEX, Reason.TIMEOUT, description + ": "
            + op + " timed out after " + writeLockTimeout.toMillis()
            + " ms waiting for the writer lock", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(Reason.TIMEOUT, description + ": " + op + " interrupted", e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the database discards the transaction itself
    }
  }

  private static void resetQuietly(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the pool discards broken connections
    }
  }
}
