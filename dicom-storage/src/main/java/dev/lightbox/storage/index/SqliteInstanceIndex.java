package dev.lightbox.storage.index;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import dev.lightbox.storage.Durability;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded index: one SQLite database file in WAL mode (readers never block the writer),
 * {@code synchronous=FULL} so a committed row survives power loss, and a busy timeout for other
 * processes sharing the file. Writes from this process are serialised by the index itself. Blob
 * leases are committed over a second connection with {@code synchronous=NORMAL}
 * ({@link JdbcInstanceIndex#writeLease} argues why that keeps every promise).
 */
public final class SqliteInstanceIndex {

  /** Conventional file name under the data directory. */
  public static final String FILE_NAME = "index.db";

  private SqliteInstanceIndex() {}

  /** Opens (creating and migrating if needed) {@code dataDir/index.db}. */
  public static JdbcInstanceIndex open(Path dataDir) throws StorageException {
    return openFile(dataDir.resolve(FILE_NAME), Duration.ofSeconds(10));
  }

  /** Opens a specific database file; {@code busyTimeout} bounds waits for locks. */
  public static JdbcInstanceIndex openFile(Path file, Duration busyTimeout) throws StorageException {
    return openFile(file, busyTimeout, Durability.FULL);
  }

  /** {@code dataDir/index.db} with the given durability. */
  public static JdbcInstanceIndex open(Path dataDir, Durability durability)
      throws StorageException {
    return openFile(dataDir.resolve(FILE_NAME), Duration.ofSeconds(10), durability);
  }

  /**
   * Opens a specific database file. {@link Durability#RELAXED} uses {@code synchronous=NORMAL},
   * which in WAL mode keeps commits atomic and safe against a process crash but not power loss.
   */
  public static JdbcInstanceIndex openFile(Path file, Duration busyTimeout, Durability durability)
      throws StorageException {
    Path abs = file.toAbsolutePath().normalize();
    String description = "sqlite:" + abs;
    try {
      Files.createDirectories(abs.getParent());
    } catch (IOException e) {
      throw new StorageException(Reason.IO, description + ": creating " + abs.getParent() + " failed: " + e, e);
    }
    ownerOnly(abs, description);
    HikariDataSource pool = pool("lightbox-sqlite", abs, busyTimeout,
        durability.fsync() ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL, 4);
    // Leases go over their own connection without an fsync per commit; JdbcInstanceIndex
    // #writeLease says why losing one to a power loss is harmless. Relaxed mode has no fsync to
    // save, so it uses the one pool.
    HikariDataSource leasePool = durability.fsync()
        ? pool("lightbox-sqlite-leases", abs, busyTimeout, SQLiteConfig.SynchronousMode.NORMAL, 1)
        : pool;
    JdbcInstanceIndex index = new JdbcInstanceIndex(pool, leasePool, () -> {
      if (leasePool != pool) {
        leasePool.close();
      }
      pool.close();
    }, Dialect.SQLITE, description, true, busyTimeout, new InProcessLocks(description));
    try {
      index.migrate();
    } catch (StorageException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  /**
   * A pool of connections to {@code file}: WAL, the given {@code synchronous} mode (a setting of
   * each connection, so two pools on one file can differ), immediate transactions.
   */
  private static HikariDataSource pool(String name, Path file, Duration busyTimeout,
      SQLiteConfig.SynchronousMode synchronous, int size) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(synchronous);
    cfg.setBusyTimeout((int) busyTimeout.toMillis());
    cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // DICOM matching is case-sensitive unless asked otherwise (PS3.4 C.2.2.2); SQLite's LIKE is not by default.
    cfg.enableCaseSensitiveLike(true);
    SQLiteDataSource sqlite = new SQLiteDataSource(cfg);
    sqlite.setUrl("jdbc:sqlite:" + file);

    HikariConfig hc = new HikariConfig();
    // sqlite-jdbc compiles the SQL on every prepareStatement; reuse each connection's statements
    // (-Dlightbox.index.statementCache=false turns it off, to measure the difference).
    hc.setDataSource("false".equals(System.getProperty("lightbox.index.statementCache"))
        ? sqlite : new StatementCachingDataSource(sqlite));
    hc.setPoolName(name);
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(Math.max(250, busyTimeout.toMillis()));
    hc.setInitializationFailTimeout(-1);
    return new HikariDataSource(hc);
  }

  /**
   * Makes the database file readable by its owner only (0600), like the blobs: it holds patient
   * names and the whole header of every instance. SQLite creates the {@code -wal} and {@code -shm}
   * files with the database file's permissions, so creating the file first with 0600 (or
   * tightening an existing one) covers all three; existing side files are tightened too. A
   * filesystem without POSIX permissions keeps its own rules.
   */
  private static void ownerOnly(Path db, String description) throws StorageException {
    Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
    try {
      if (!Files.getFileStore(db.getParent()).supportsFileAttributeView("posix")) {
        return;
      }
      if (!Files.exists(db)) {
        try {
          Files.createFile(db, PosixFilePermissions.asFileAttribute(rw));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another opener created it first; tightened below
        }
      }
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Path f = db.resolveSibling(db.getFileName() + suffix);
        if (Files.exists(f)) {
          Files.setPosixFilePermissions(f, rw);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new StorageException(Reason.IO, description + ": restricting permissions failed: "
          + e, e);
    }
  }
}
