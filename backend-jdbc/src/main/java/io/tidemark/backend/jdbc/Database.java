package io.tidemark.backend.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.Health;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * One table of one database: the connection pool (built from a config, or a caller's {@link DataSource}), the table's
 * creation at open (the one place for it, with its log line), and the helpers that run one statement on one pooled
 * connection in autocommit and map failures ({@link Errors}). A call costs one round trip: Hikari hands out a
 * connection without asking the server (it validates only connections idle for more than half a second), and a
 * statement in autocommit needs no {@code BEGIN}/{@code COMMIT}.
 */
final class Database implements AutoCloseable {
    static final int DEFAULT_POOL_SIZE = 4;
    static final long DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    /** Sends of one write at most: the first and up to two resends after lost replies. */
    static final int SENDS = 3;
    /** Times a read is tried at most when its reply is lost (reads are idempotent). */
    static final int READS = 3;

    private static final AtomicInteger POOLS = new AtomicInteger();

    final DataSource dataSource;
    /** Non-null when this object built the pool, and closes it. */
    private final HikariDataSource owned;
    /** The double-quoted {@code "schema"."table"} for SQL. */
    final String table;
    /** {@code PostgreSQL watermark store on table 'public.watermark' at jdbc:postgresql://...}, for messages. */
    final String store;

    private Database(DataSource dataSource, HikariDataSource owned, String table, String store) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.table = table;
        this.store = store;
    }

    /** A unit of work on one connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A write whose reply was lost: the connection failed after the statement may have been sent. */
    static final class Lost extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean timeout;

        Lost(SQLException cause) {
            super(cause);
            this.timeout = Errors.isTimeout(cause);
        }
    }

    /**
     * Opens the pool described by {@code config} and checks (or creates) the table of {@code kind}.
     *
     * @throws InvalidConfigException naming the key if a value is unusable
     * @throws StoreNotFoundException if the table (or schema, or database) is missing and may not be created
     * @throws io.tidemark.AccessDeniedException if the login is refused
     * @throws BackendUnavailableException if the server cannot be reached within {@code connect_timeout_ms}
     */
    static Database open(BackendConfig config, Ddl.Kind kind) {
        String url = url(config);
        String schema = name(config, PostgresBackendProvider.SCHEMA.name(), "public");
        String tableName = name(
                config,
                kind == Ddl.Kind.WATERMARK
                        ? PostgresBackendProvider.WATERMARK_TABLE.name()
                        : PostgresBackendProvider.NAMESERVICE_TABLE.name(),
                kind.defaultName);
        int poolSize = (int) config.longValue(PostgresBackendProvider.POOL_SIZE.name(), DEFAULT_POOL_SIZE, 1, 1000);
        long statementMs = config.longValue(
                PostgresBackendProvider.STATEMENT_TIMEOUT_MS.name(), DEFAULT_STATEMENT_TIMEOUT_MS, 1, 600_000);
        long connectMs = config.longValue(
                PostgresBackendProvider.CONNECT_TIMEOUT_MS.name(), DEFAULT_CONNECT_TIMEOUT_MS, 250, 600_000);
        boolean create = config.bool(PostgresBackendProvider.CREATE_TABLES.name(), true) && config.create();

        HikariConfig h = new HikariConfig();
        h.setPoolName("tidemark-postgresql-" + POOLS.incrementAndGet());
        h.setDriverClassName("org.postgresql.Driver");
        h.setJdbcUrl(url);
        config.string(PostgresBackendProvider.USER.name()).ifPresent(h::setUsername);
        config.string(PostgresBackendProvider.PASSWORD.name()).ifPresent(h::setPassword);
        h.setMaximumPoolSize(poolSize);
        // No idle minimum: Hikari then opens connections only for waiting callers, so after a server restart the
        // first call connects at once (a pool keeping a minimum retries in the background with a backoff of up to
        // seconds). The connections in use stay open; idle ones close after Hikari's idle timeout (10 minutes).
        h.setMinimumIdle(0);
        h.setAutoCommit(true);
        h.setConnectionTimeout(connectMs);
        h.setValidationTimeout(Math.max(250, connectMs / 2));
        h.setInitializationFailTimeout(1); // one attempt at open: a wrong URL or login fails there
        // Sent in the startup packet: no extra round trip per connection.
        h.addDataSourceProperty("options", "-c statement_timeout=" + statementMs);
        h.addDataSourceProperty("connectTimeout", seconds(connectMs));
        h.addDataSourceProperty("loginTimeout", seconds(connectMs));
        // A reply that does not come (a dead peer) ends the wait: a statement is cancelled by the server first.
        h.addDataSourceProperty("socketTimeout", seconds(statementMs + connectMs));
        h.addDataSourceProperty("ApplicationName", "tidemark");
        String store = "PostgreSQL " + kind.storeName + " on table '" + Ddl.shown(schema, tableName) + "' at " + url;
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(h);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s && Errors.state(s).startsWith("22")) {
                // Nothing but connecting ran: the driver or server refused a parameter of the URL (a data
                // exception here is a config value, not a row of the table).
                throw new InvalidConfigException(
                        "config key 'url' of driver postgresql: a parameter was refused: " + Errors.reason(s), e);
            }
            if (cause instanceof SQLException s) {
                throw Errors.map("open", store, s);
            }
            throw new BackendUnavailableException("open on " + store + ": " + Errors.reason(e), e);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(
                    "config key 'url' of driver postgresql: the pool could not be built for " + Names.quote(url) + ": "
                            + Errors.reason(e),
                    e);
        }
        try {
            Database db = new Database(pool, pool, Ddl.qualified(schema, tableName), store);
            db.prepare(kind, schema, tableName, create);
            return db;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The table on a caller's data source, which the caller keeps (it is not closed here). Creates the table if
     * missing when {@code create}.
     */
    static Database on(DataSource dataSource, String schema, String tableName, Ddl.Kind kind, boolean create) {
        for (String n : new String[] {schema, tableName}) {
            if (n == null || !Ddl.checkName(n)) {
                throw new IllegalArgumentException(
                        "schema and table names are letters, digits and _, not starting with a digit, at most 63 chars;"
                                + " got " + Names.quote(n));
            }
        }
        String store = "PostgreSQL " + kind.storeName + " on table '" + Ddl.shown(schema, tableName) + "'";
        Database db = new Database(dataSource, null, Ddl.qualified(schema, tableName), store);
        db.prepare(kind, schema, tableName, create);
        return db;
    }

    private static int seconds(long ms) {
        return (int) Math.max(1, (ms + 999) / 1000);
    }

    /**
     * The {@code url} key: a {@code jdbc:postgresql:} URL without a password. A password in the URL would be shown in
     * every message naming the store, so it is refused, naming only the parameter.
     */
    static String url(BackendConfig config) {
        String key = PostgresBackendProvider.URL.name();
        String url = config.requireString(key);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException("config key " + Names.quote(key) + " of driver postgresql must start with "
                    + "jdbc:postgresql:, got " + Names.quote(masked(url)));
        }
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String param : url.substring(q + 1).split("&")) {
                String name = param.split("=", 2)[0];
                String decoded = decoded(name);
                if (BackendConfig.isSecret(decoded)
                        || decoded.toLowerCase(Locale.ROOT).equals("sslpassword")) {
                    throw new InvalidConfigException("config key " + Names.quote(key) + " of driver postgresql carries "
                            + "the secret parameter " + Names.quote(masked(name)) + "; set it with the key 'password'"
                            + " instead (the URL is shown in messages)");
                }
                String instead = OWN_PARAMETERS.get(decoded.toLowerCase(Locale.ROOT));
                if (instead != null) {
                    // The driver lets a URL parameter override the properties the pool passes: an 'options' in the
                    // URL would replace '-c statement_timeout=...' and a 'socketTimeout=0' would wait forever.
                    throw new InvalidConfigException("config key " + Names.quote(key) + " of driver postgresql carries "
                            + "the parameter " + Names.quote(name) + ", which the backend sets itself; " + instead);
                }
            }
        }
        // User information ("user:password@host"): the password may hold '/' or '@', so any '@' before the query
        // string is refused (the driver takes no user information in a URL anyway).
        if ((q < 0 ? url : url.substring(0, q)).contains("@")) {
            throw new InvalidConfigException("config key " + Names.quote(key) + " of driver postgresql carries "
                    + "user information before '@'; set the keys 'user' and 'password' instead");
        }
        return url;
    }

    /**
     * The URL parameters (lower case) that {@link #open} sets as driver properties, which a URL parameter would
     * override, with the config key to use instead.
     */
    private static final Map<String, String> OWN_PARAMETERS = Map.of(
            "options", "use the key 'statement_timeout_ms' (other server settings: ALTER ROLE ... SET)",
            "sockettimeout", "it is statement_timeout_ms + connect_timeout_ms",
            "connecttimeout", "use the key 'connect_timeout_ms'",
            "logintimeout", "use the key 'connect_timeout_ms'");

    /** A URL parameter name percent-decoded (as given if it does not decode). */
    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** {@code url} with the query string and any user information cut out, for a message about a refused URL. */
    static String masked(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q) + "?****";
        // Greedy up to the last '@' before the query: a password may hold '/' or '@'.
        return base.replaceAll("//.*@", "//****@").replaceAll("^[^/]*@", "****@");
    }

    private static String name(BackendConfig config, String key, String defaultValue) {
        String n = config.string(key).orElse(defaultValue);
        if (!Ddl.checkName(n)) {
            throw new InvalidConfigException("config key " + Names.quote(key) + " of driver postgresql has "
                    + config.shown(key) + "; expected letters, digits and _, not starting with a digit, "
                    + "at most 63 chars");
        }
        return n;
    }

    /** One round trip: does the table exist? Then creates it if missing and allowed, and logs which, once. */
    private void prepare(Ddl.Kind kind, String schema, String tableName, boolean create) {
        boolean exists = read("check table", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
        boolean created = false;
        if (!exists) {
            if (!create) {
                throw new StoreNotFoundException(
                        "table '" + Ddl.shown(schema, tableName) + "' of " + store + " does not exist; create it with "
                                + Ddl.RESOURCE + " from tidemark-backend-jdbc, or open with create_tables: true",
                        null);
            }
            created = read("create table", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(Ddl.create(kind, table));
                    return s.getWarnings() == null; // IF NOT EXISTS warns when another process created it first
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState())) {
                        return false; // created concurrently by another process
                    }
                    throw e;
                }
            });
        }
        LoggerFactory.getLogger(Database.class)
                .info(
                        "PostgreSQL {} {} table '{}'",
                        kind.logName,
                        created ? "created" : "using existing",
                        Ddl.shown(schema, tableName));
    }

    /**
     * Runs an idempotent read: a lost reply is simply tried again on another connection, up to {@link #READS} times,
     * except after a timeout.
     */
    <T> T read(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(what, work);
            } catch (Lost l) {
                if (l.timeout || attempt >= READS || !backoff(attempt)) {
                    throw new BackendUnavailableException(
                            what + " on " + store + ": " + Errors.reason(l.getCause()), l.getCause());
                }
            }
        }
    }

    /**
     * Runs {@code work} once on one pooled connection.
     *
     * @throws Lost if the connection failed after the statement may have been sent
     * @throws TidemarkException for every other failure, which wrote nothing
     */
    <T> T once(String what, Work<T> work) throws Lost {
        Connection c;
        try {
            c = dataSource.getConnection();
            // A caller's data source may hand out connections in a transaction: every write would then be rolled
            // back when the connection goes back to the pool, after the call answered (Advanced for two digests at
            // one slot). getAutoCommit is answered by the driver without a round trip.
            if (!c.getAutoCommit()) {
                c.close();
                throw new InvalidConfigException(what + " on " + store + ": the data source handed out a connection"
                        + " outside autocommit; each statement must commit on its own (setAutoCommit(true))");
            }
        } catch (SQLException e) {
            throw Errors.map(what, store, e); // nothing was sent
        }
        try (c) {
            return work.run(c);
        } catch (SQLException e) {
            if (Errors.ambiguous(e)) {
                throw new Lost(e);
            }
            throw Errors.map(what, store, e);
        }
    }

    /**
     * A short random pause before a resend: 25-50 ms, then 50-100 ms. Returns false, with the interrupt flag kept, if
     * the thread was interrupted: the caller then gives up the resend, and a write that was sent ends in
     * {@link io.tidemark.OutcomeUnknownException} (it may have been applied), never a plain "unavailable".
     */
    static boolean backoff(int attempt) {
        long base = 25L << Math.min(attempt - 1, 3);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why a write whose reply was lost is not sent again: the budget is spent, or the thread was interrupted. */
    static String noResend(Lost l, int sends) {
        return l.timeout
                ? "the reply did not come within the socket timeout"
                : sends >= SENDS ? "sent " + sends + " times" : "interrupted before sending it again";
    }

    /**
     * The health check: one {@code SELECT} of no rows from the store's table on a pooled connection, which shows
     * that the server answers, the table exists and this user may read it; it writes nothing and takes no row lock.
     * A fault is {@code Unreachable} with the reason (the URL never carries a password: the config refuses one).
     */
    Health check() {
        try {
            read("check", c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 0")) {
                    return rs.next();
                }
            });
            return new Health.Reachable(store);
        } catch (TidemarkException e) {
            return new Health.Unreachable(e.getMessage());
        }
    }

    /** Closes the pool if this object built it; a caller's data source is left open. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return store;
    }
}
