package io.tidemark.backend.jdbc;

import com.google.auto.service.AutoService;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.util.List;
import java.util.Set;

/**
 * Driver {@code postgresql} (aliases {@code postgres}, {@code jdbc}): both contracts on a PostgreSQL database over
 * the PostgreSQL JDBC driver and a HikariCP pool. The keys ({@link #keys()}) name the database ({@code url}, the
 * identity), the login ({@code user}, {@code password}: a secret), where the tables are ({@code schema},
 * {@code watermark_table}, {@code nameservice_table}) and the pool's limits. A missing table is created at open
 * ({@code CREATE TABLE IF NOT EXISTS}) unless {@code create_tables: false} or {@link BackendConfig#create()} is
 * false.
 */
@AutoService(BackendProvider.class)
public final class PostgresBackendProvider implements BackendProvider {
    static final ConfigKey URL = ConfigKey.text(
                    "url", "JDBC URL of the database, e.g. jdbc:postgresql://db.example:5432/tidemark (no password)")
            .withRequired()
            .withIdentity();
    static final ConfigKey USER = ConfigKey.text("user", "database user (else the driver's default)");
    static final ConfigKey PASSWORD =
            ConfigKey.text("password", "database password").withSecret();
    static final ConfigKey SCHEMA = ConfigKey.text("schema", "schema of the tables (it must exist)")
            .withDefault("public")
            .withIdentity();
    static final ConfigKey WATERMARK_TABLE = ConfigKey.text("watermark_table", "table of the watermarks")
            .withDefault(Ddl.WATERMARK)
            .withIdentity()
            .forWatermarkOnly();
    static final ConfigKey NAMESERVICE_TABLE = ConfigKey.text("nameservice_table", "table of the nameservice records")
            .withDefault(Ddl.NAMESERVICE)
            .withIdentity()
            .forPublisherOnly();
    static final ConfigKey POOL_SIZE = ConfigKey.wholeNumber("pool_size", "most connections in the pool (1 to 1000)")
            .withDefault(Database.DEFAULT_POOL_SIZE);
    static final ConfigKey STATEMENT_TIMEOUT_MS = ConfigKey.wholeNumber(
                    "statement_timeout_ms", "server-side limit of one statement in milliseconds (1 to 600000)")
            .withDefault(Database.DEFAULT_STATEMENT_TIMEOUT_MS);
    static final ConfigKey CONNECT_TIMEOUT_MS = ConfigKey.wholeNumber(
                    "connect_timeout_ms",
                    "longest wait for a connection (pool or server) in milliseconds (250 to 600000)")
            .withDefault(Database.DEFAULT_CONNECT_TIMEOUT_MS);
    static final ConfigKey CREATE_TABLES = ConfigKey.bool(
                    "create_tables", "create a missing table at open (CREATE TABLE IF NOT EXISTS)")
            .withDefault(true);

    private static final List<ConfigKey> KEYS = List.of(
            URL,
            USER,
            PASSWORD,
            SCHEMA,
            WATERMARK_TABLE,
            NAMESERVICE_TABLE,
            POOL_SIZE,
            STATEMENT_TIMEOUT_MS,
            CONNECT_TIMEOUT_MS,
            CREATE_TABLES);

    @Override
    public String driver() {
        return "postgresql";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("postgres", "jdbc");
    }

    /** The connection keys, the table keys of each contract, the pool's limits and {@code create_tables}. */
    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        return PostgresPublisher.backend(Database.open(config, Ddl.Kind.NAMESERVICE));
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        return PostgresWatermarkStore.backend(Database.open(config, Ddl.Kind.WATERMARK));
    }
}
