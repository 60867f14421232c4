package dev.lightbox.storage.index;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps each connection's prepared statements for reuse, for drivers that compile the SQL again
 * on every {@code prepareStatement} (sqlite-jdbc does: {@code sqlite3_prepare_v2} per call, about
 * 7 % of the server's CPU per upload before this cache, measured with async-profiler). The
 * index's code keeps preparing and closing statements as JDBC intends; {@code close()} of a
 * cached statement resets it and hands it back to its connection instead of finalizing it.
 *
 * <p>Only plain use is reused: {@code prepareStatement(String)}, parameter setters,
 * {@code executeQuery}, {@code executeUpdate} and {@code clearParameters}. A statement that had any
 * other method called on it (batches, limits, timeouts, {@code execute}), or whose call threw, is
 * closed for real when its user closes it, so no state leaks into the next user. A statement still
 * in use when the same SQL is prepared again on the connection (a nested query) gets an uncached
 * twin. Each connection keeps at most {@link #MAX_PER_CONNECTION} statements, least recently used
 * out first, so generated SQL (queries with varying IN lists) cannot grow it without bound.
 *
 * <p>Statements never cross connections: the cache lives in the connection wrapper, is used only
 * by the thread that borrowed the connection from the pool, and is finalized when the pool closes
 * the physical connection.
 */
final class StatementCachingDataSource implements DataSource {
  static final int MAX_PER_CONNECTION = 64;

  private final DataSource physical;

  StatementCachingDataSource(DataSource physical) {
    this.physical = physical;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(physical.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(physical.getConnection(username, password));
  }

  private static Connection wrap(Connection real) {
    return (Connection) Proxy.newProxyInstance(StatementCachingDataSource.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new CachingConnection(real));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return physical.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    physical.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    physical.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return physical.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return physical.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(physical) ? iface.cast(physical) : physical.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(physical) || physical.isWrapperFor(iface);
  }

  /**
   * equals, hashCode and toString of a wrapper: equality by identity, so a wrapper never equals
   * the object it wraps or another wrapper of it.
   */
  private static Object objectMethod(Object proxy, Method method, Object[] args, String role,
      Object real) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return role + real;
    }
  }

  /** Calls {@code method} on {@code target}, rethrowing what it threw instead of a wrapper. */
  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** One physical connection and its statements, keyed by SQL, least recently used first. */
  private static final class CachingConnection implements InvocationHandler {
    private final Connection real;
    private final Map<String, CachedStatement> statements =
        new LinkedHashMap<>(16, 0.75f, true);

    CachingConnection(Connection real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args, "statement-caching ", real);
      }
      switch (method.getName()) {
        case "prepareStatement":
          if (args.length == 1) {
            return prepare((String) args[0], (Connection) proxy);
          }
          break;
        case "close":
          closeStatements();
          break;
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(real)) {
            return real;
          }
          break;
        case "isWrapperFor":
          if (((Class<?>) args[0]).isInstance(real)) {
            return true;
          }
          break;
        default:
          break;
      }
      return call(method, real, args);
    }

    private synchronized PreparedStatement prepare(String sql, Connection proxy)
        throws SQLException {
      CachedStatement cached = statements.get(sql);
      if (cached != null && cached.inUse) {
        // A nested use of the same SQL: a twin of its own, closed for real after use.
        return real.prepareStatement(sql);
      }
      if (cached == null) {
        cached = new CachedStatement(this, sql, real.prepareStatement(sql), proxy);
        statements.put(sql, cached);
        evictOverflow();
      }
      cached.inUse = true;
      return cached.proxy;
    }

    private void evictOverflow() {
      var it = statements.values().iterator();
      while (statements.size() > MAX_PER_CONNECTION && it.hasNext()) {
        CachedStatement eldest = it.next();
        it.remove();
        // one in use is finalized when it comes back (no longer the map's entry for its SQL)
        if (!eldest.inUse) {
          closeQuietly(eldest);
        }
      }
    }

    /** Finalizing a statement that failed to close is the connection's concern, not a caller's. */
    private static void closeQuietly(CachedStatement s) {
      try {
        s.real.close();
      } catch (SQLException e) {
        // the statement is unusable either way; the connection frees it when it closes
      }
    }

    /** The user closed {@code s}: reset it for the next user, or finalize it. */
    synchronized void returned(CachedStatement s) throws SQLException {
      s.inUse = false;
      boolean cached = statements.get(s.sql) == s;
      boolean keep = cached && !s.tainted;
      if (keep) {
        try {
          // An open result set holds SQLite's read snapshot until its statement is reset.
          if (s.lastResult != null) {
            s.lastResult.close();
          }
          s.real.clearParameters();
        } catch (SQLException e) {
          keep = false;
        }
      }
      s.lastResult = null;
      if (!keep) {
        if (cached) {
          statements.remove(s.sql);
        }
        s.real.close();
      }
    }

    private synchronized void closeStatements() {
      List<CachedStatement> all = new ArrayList<>(statements.values());
      statements.clear();
      all.forEach(CachingConnection::closeQuietly);
    }
  }

  /** One cached statement; its proxy is what users hold. */
  private static final class CachedStatement implements InvocationHandler {
    final CachingConnection owner;
    final String sql;
    final PreparedStatement real;
    final PreparedStatement proxy;
    final Connection connectionProxy;
    boolean inUse;
    /** Something other than plain use happened: finalize instead of reusing. */
    boolean tainted;
    ResultSet lastResult;

    CachedStatement(CachingConnection owner, String sql, PreparedStatement real,
        Connection connectionProxy) {
      this.owner = owner;
      this.sql = sql;
      this.real = real;
      this.connectionProxy = connectionProxy;
      this.proxy = (PreparedStatement) Proxy.newProxyInstance(
          StatementCachingDataSource.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, this);
    }

    @Override
    public Object invoke(Object p, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(p, method, args, "cached ", real);
      }
      String name = method.getName();
      switch (name) {
        case "close":
          if (inUse) {
            owner.returned(this);
          }
          return null;
        case "isClosed":
          return !inUse || real.isClosed();
        case "getConnection":
          return connectionProxy;
        default:
          break;
      }
      if (!inUse) {
        throw new SQLException("statement is closed: " + sql);
      }
      if (!PLAIN_USE.computeIfAbsent(method, CachedStatement::plainUse)) {
        tainted = true;
      }
      try {
        Object result = call(method, real, args);
        if (result instanceof ResultSet rs && name.equals("executeQuery")) {
          lastResult = rs;
        }
        return result;
      } catch (Throwable t) {
        tainted = true;
        throw t;
      }
    }

    /** {@link #plainUse} per method, decided once: it runs on every call of every statement. */
    private static final Map<Method, Boolean> PLAIN_USE =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Parameter setters (index first, then a value) and the plain execute calls. */
    private static boolean plainUse(Method m) {
      String name = m.getName();
      if (name.equals("executeQuery") || name.equals("executeUpdate")
          || name.equals("clearParameters")) {
        return m.getParameterCount() == 0;
      }
      return name.startsWith("set") && m.getParameterCount() >= 2
          && m.getParameterTypes()[0] == int.class;
    }
  }
}
