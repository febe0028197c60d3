package io.tidemark.backend.jdbc;

import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.Health;
import io.tidemark.TidemarkException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.Checked;
import io.tidemark.spi.PublisherBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The storage of a {@link Publisher} in one PostgreSQL table (see {@value Ddl#RESOURCE}): one row per ledger alias
 * with the fields of the nameservice guide's DynamoDB item. Users reach it through the checking layer
 * ({@link Checked}), which supplies {@code now}.
 *
 * <p>Every operation is one statement in autocommit, of the same form as the watermark store's advance: a CTE
 * {@code old} that reads the row {@code FOR UPDATE} (its latest committed version, locked), an insert that creates
 * the row only when there was none (publishes), and an update whose {@code WHERE} is the operation's rule; the
 * statement returns the row as it was, and the outcome is computed from it with the {@link NsRecord} rules the other
 * backends apply. Commit and index publishes touch disjoint columns; {@code updated_at} never goes backwards
 * ({@code GREATEST(updated_at, now)}, as {@link NsRecord} computes it).
 *
 * <p>A statement whose reply is lost ends in its true outcome or {@link io.tidemark.OutcomeUnknownException}, never a
 * {@code Stale}, {@code Unchanged} or {@code Conflict} caused by its own effect, and is never applied twice:
 * publishes and compare-and-sets are sent again as they were (the compare-and-sets recognise their own applied change
 * by the random token they write to {@code tidemark_req}); a retract is checked with one read instead.
 */
public final class PostgresPublisher implements PublisherBackend {
    /** The columns of a record, in the order {@link #record} reads them; meta maps as JSON text. */
    static final String COLUMNS = "n.ledger_alias, n.ledger_name, n.branch, n.commit_address, n.commit_t, "
            + "n.index_address, n.index_t, n.default_context_address, n.status, n.updated_at, n.status_v, "
            + "n.status_meta::text AS status_meta, n.config_v, n.config_meta::text AS config_meta, n.tidemark_req";

    /** The row as it was, locked: {@code %1$s} is the table; {@code arg} must have {@code ledger_alias}. */
    private static final String OLD =
            "old AS (SELECT " + COLUMNS + " FROM %1$s n, arg WHERE n.ledger_alias = arg.ledger_alias FOR UPDATE OF n)";

    /** The result row: the counts of rows inserted and updated, then the row as it was (all NULL if none). */
    private static final String RESULT =
            "SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated, old.*\n"
                    + "FROM (VALUES (1)) AS one LEFT JOIN old ON true";

    /**
     * A publish; {@code %2$s} is {@code commit} or {@code index}. Creates the row ({@code ready}, {@code status_v}
     * 1, {@code config_v} 0) when there was none; else sets the head iff none is stored or {@code t} is higher.
     */
    static final String PUBLISH = "WITH arg (ledger_alias, ledger_name, branch, address, t, now) AS (\n"
            + "    VALUES (?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint)),\n"
            + OLD + ",\n"
            + "ins AS (\n"
            + "    INSERT INTO %1$s (ledger_alias, ledger_name, branch, %2$s_address, %2$s_t, status, updated_at,\n"
            + "        status_v, status_meta, config_v, config_meta)\n"
            + "    SELECT ledger_alias, ledger_name, branch, address, t, 'ready', now, 1, '{}', 0, '{}' FROM arg\n"
            + "    WHERE NOT EXISTS (SELECT FROM old)\n"
            + "    ON CONFLICT (ledger_alias) DO NOTHING\n"
            + "    RETURNING 1),\n"
            + "upd AS (\n"
            + "    UPDATE %1$s n SET %2$s_address = arg.address, %2$s_t = arg.t,\n"
            + "        updated_at = GREATEST(old.updated_at, arg.now)\n"
            + "    FROM arg, old WHERE n.ledger_alias = arg.ledger_alias AND (old.%2$s_t IS NULL OR old.%2$s_t < arg.t)\n"
            + "    RETURNING 1)\n"
            + RESULT;

    /** Retract: an unknown alias is not created; a {@code status_v} at {@code Long.MAX_VALUE} is not moved. */
    static final String RETRACT = "WITH arg (ledger_alias, now, req) AS (VALUES (?::text, ?::bigint, ?::text)),\n"
            + OLD + ",\n"
            + "ins AS (SELECT FROM arg WHERE false),\n"
            + "upd AS (\n"
            + "    UPDATE %1$s n SET status = 'retracted', status_v = old.status_v + 1,\n"
            + "        updated_at = GREATEST(old.updated_at, arg.now), tidemark_req = arg.req\n"
            + "    FROM arg, old WHERE n.ledger_alias = arg.ledger_alias AND old.status_v < 9223372036854775807\n"
            + "    RETURNING 1)\n"
            + RESULT;

    /**
     * The status compare-and-set: applies iff the row exists, {@code status_v = expected} (below
     * {@code Long.MAX_VALUE}) and the row does not carry this call's token already.
     */
    static final String PUSH_STATUS = "WITH arg (ledger_alias, now, req, expected, next, state, meta) AS (\n"
            + "    VALUES (?::text, ?::bigint, ?::text, ?::bigint, ?::bigint, ?::text, ?::json)),\n"
            + OLD + ",\n"
            + "ins AS (SELECT FROM arg WHERE false),\n"
            + "upd AS (\n"
            + "    UPDATE %1$s n SET status = arg.state, status_meta = arg.meta, status_v = arg.next,\n"
            + "        updated_at = GREATEST(old.updated_at, arg.now), tidemark_req = arg.req\n"
            + "    FROM arg, old WHERE n.ledger_alias = arg.ledger_alias AND old.status_v = arg.expected\n"
            + "        AND old.status_v < 9223372036854775807 AND old.tidemark_req IS DISTINCT FROM arg.req\n"
            + "    RETURNING 1)\n"
            + RESULT;

    /**
     * The config compare-and-set: as {@link #PUSH_STATUS} on {@code config_v}; a NULL {@code ctx} keeps the default
     * context address.
     */
    static final String PUSH_CONFIG = "WITH arg (ledger_alias, now, req, expected, next, meta, ctx) AS (\n"
            + "    VALUES (?::text, ?::bigint, ?::text, ?::bigint, ?::bigint, ?::json, ?::text)),\n"
            + OLD + ",\n"
            + "ins AS (SELECT FROM arg WHERE false),\n"
            + "upd AS (\n"
            + "    UPDATE %1$s n SET config_meta = arg.meta, config_v = arg.next,\n"
            + "        default_context_address = COALESCE(arg.ctx, old.default_context_address),\n"
            + "        updated_at = GREATEST(old.updated_at, arg.now), tidemark_req = arg.req\n"
            + "    FROM arg, old WHERE n.ledger_alias = arg.ledger_alias AND old.config_v = arg.expected\n"
            + "        AND old.config_v < 9223372036854775807 AND old.tidemark_req IS DISTINCT FROM arg.req\n"
            + "    RETURNING 1)\n"
            + RESULT;

    static final String LOOKUP = "SELECT " + COLUMNS + " FROM %1$s n WHERE n.ledger_alias = ?";
    static final String DELETE = "DELETE FROM %1$s WHERE ledger_alias = ?";
    static final String FIRST_PAGE = "SELECT " + COLUMNS + " FROM %1$s n ORDER BY n.ledger_alias LIMIT ?";
    static final String NEXT_PAGE =
            "SELECT " + COLUMNS + " FROM %1$s n WHERE n.ledger_alias > ? ORDER BY n.ledger_alias LIMIT ?";

    /** Runs of a publish at most when it races with the creation of the same alias. */
    private static final int ATTEMPTS = 3;

    private final Database db;
    private final String publishCommit;
    private final String publishIndex;
    private final String retract;
    private final String pushStatus;
    private final String pushConfig;

    private PostgresPublisher(Database db) {
        this.db = db;
        this.publishCommit = PUBLISH.formatted(db.table, "commit");
        this.publishIndex = PUBLISH.formatted(db.table, "index");
        this.retract = RETRACT.formatted(db.table);
        this.pushStatus = PUSH_STATUS.formatted(db.table);
        this.pushConfig = PUSH_CONFIG.formatted(db.table);
    }

    /** The provider's open; discovery wraps it in the checking layer. It closes the pool it was given. */
    static PostgresPublisher backend(Database db) {
        return new PostgresPublisher(db);
    }

    /**
     * Opens a publisher on a data source you configured, behind the checking layer ({@link Checked}) as every
     * publisher is, with {@code updated_at} from {@code clock}. The data source must hand out connections in
     * autocommit; the caller keeps it ({@code close()} does not close it). With {@code createTable} a missing table
     * {@code schema.table} is created.
     *
     * @throws io.tidemark.StoreNotFoundException if the table is missing and {@code createTable} is false
     * @throws IllegalArgumentException if a name is not letters, digits and {@code _} (at most 63 chars)
     * @throws io.tidemark.InvalidConfigException if the data source hands out a connection outside autocommit
     */
    public static Publisher open(DataSource dataSource, String schema, String table, boolean createTable, Clock clock) {
        return Checked.publisher(
                new PostgresPublisher(Database.on(dataSource, schema, table, Ddl.Kind.NAMESERVICE, createTable)),
                clock);
    }

    /** A stored row: the record and the token of the last retract or compare-and-set that wrote it. */
    private record Stored(NsRecord record, Optional<String> token) {}

    /** What one statement returned: the counts of rows inserted and updated, and the row as it was. */
    private record Result(int inserted, int updated, Optional<Stored> old) {
        boolean written() {
            return inserted + updated > 0;
        }

        Optional<NsRecord> record() {
            return old.map(Stored::record);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Result run(Connection c, String what, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int inserted = rs.getInt(1);
                int updated = rs.getInt(2);
                try {
                    return new Result(inserted, updated, stored(rs, 3));
                } catch (CorruptedStoreException e) {
                    if (inserted + updated == 0) {
                        throw e;
                    }
                    throw new CorruptedStoreException(
                            what + ": the write WAS applied, but the previous row cannot be read: " + e.getMessage(),
                            e);
                }
            }
        }
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return publish(true, alias, address, t, now);
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return publish(false, alias, address, t, now);
    }

    private PublishResult publish(boolean commit, LedgerAlias alias, String address, long t, long now) {
        String what = (commit ? "publish commit " : "publish index ") + alias;
        String sql = commit ? publishCommit : publishIndex;
        Database.Lost lost = null;
        int sends = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; ) {
            Result r;
            try {
                sends++;
                r = db.once(
                        what,
                        c -> run(c, what, sql, ps -> {
                            ps.setString(1, alias.toString());
                            ps.setString(2, alias.name());
                            ps.setString(3, alias.branch());
                            ps.setString(4, address);
                            ps.setLong(5, t);
                            ps.setLong(6, now);
                        }));
            } catch (Database.Lost l) {
                lost = l;
                if (l.timeout || sends >= Database.SENDS || !Database.backoff(sends)) {
                    throw Errors.unknown(
                            what,
                            db.store,
                            l.getCause(),
                            Database.noResend(l, sends)
                                    + "; it may or may not have been applied; publishing the same address and t again is safe"
                                    + " (Updated or Unchanged)");
                }
                continue;
            } catch (TidemarkException e) {
                throw lost == null
                        ? e
                        : Errors.unknown(what, db.store, lost.getCause(), "sending it again failed: " + e.getMessage());
            }
            PublishResult decided = commit
                    ? NsRecord.decideCommit(r.record(), alias, address, t, now)
                    : NsRecord.decideIndex(r.record(), alias, address, t, now);
            if (r.written()) {
                if (!decided.applied()) {
                    throw inconsistent(what, "was written", r);
                }
                return decided;
            }
            if (r.old.isEmpty()) {
                attempt++; // the alias was created by another transaction after this statement's snapshot: run again
                continue;
            }
            if (decided.applied()) {
                throw inconsistent(what, "was not written", r);
            }
            if (lost != null) {
                // The head found may be this call's own first send (then the truth is Updated, with a previous record
                // nobody can tell any more) or another writer's.
                throw Errors.unknown(
                        what,
                        db.store,
                        lost.getCause(),
                        "the stored " + (commit ? "commit" : "index") + " is now at t "
                                + (decided instanceof PublishResult.Unchanged
                                        ? t + " with this address"
                                        : t + " or later")
                                + "; this call's first send may have been applied; publishing the same address and t"
                                + " again is safe (Updated or Unchanged)");
            }
            return decided;
        }
        throw new BackendUnavailableException(
                what + " on " + db.store + ": the alias was created concurrently " + ATTEMPTS + " times in a row",
                null);
    }

    private CorruptedStoreException inconsistent(String what, String happened, Result r) {
        return new CorruptedStoreException(
                what + " on " + db.store + ": the statement's write " + happened + " but the rules decide otherwise on "
                        + "the stored row " + r.record().map(Object::toString).orElse("(none)"),
                null);
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        String what = "retract " + alias;
        String token = newToken();
        Result r;
        try {
            // Never resent: after our retract applied and another writer's, a resend would bump status_v again.
            r = db.once(
                    what,
                    c -> run(c, what, retract, ps -> {
                        ps.setString(1, alias.toString());
                        ps.setLong(2, now);
                        ps.setString(3, token);
                    }));
        } catch (Database.Lost l) {
            return Optional.of(verifyRetract(what, alias, token, l));
        }
        if (r.old.isEmpty()) {
            return Optional.empty();
        }
        NsRecord retracted = r.old.get().record().retracted(now); // throws, as everywhere, at Long.MAX_VALUE
        if (!r.written()) {
            throw inconsistent(what, "was not written", r);
        }
        return Optional.of(retracted);
    }

    /** After a lost retract reply: one read; our token there means ours was applied and no retract or CAS since. */
    private NsRecord verifyRetract(String what, LedgerAlias alias, String token, Database.Lost lost) {
        Optional<Stored> now;
        try {
            now = lookupStored(alias);
        } catch (TidemarkException e) {
            throw Errors.unknown(
                    what, db.store, lost.getCause(), "reading the record back failed too: " + e.getMessage());
        }
        if (now.isPresent() && now.get().token().equals(Optional.of(token))) {
            return now.get().record();
        }
        throw Errors.unknown(
                what,
                db.store,
                lost.getCause(),
                "status_v moved at most once; the record does not show whether this call's retract was applied: look"
                        + " it up before retracting again");
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        String json = Json.write(meta);
        return cas(
                "push status " + alias,
                alias,
                expectedV,
                true,
                pushStatus,
                (ps, next) -> {
                    ps.setString(6, state);
                    ps.setString(7, json);
                },
                now,
                stored -> NsRecord.decideStatus(stored, expectedV, state, meta, now));
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        String json = Json.write(meta);
        return cas(
                "push config " + alias,
                alias,
                expectedV,
                false,
                pushConfig,
                (ps, next) -> {
                    ps.setString(6, json);
                    if (defaultContextAddress.isPresent()) {
                        ps.setString(7, defaultContextAddress.get());
                    } else {
                        ps.setNull(7, Types.VARCHAR);
                    }
                },
                now,
                stored -> NsRecord.decideConfig(stored, expectedV, meta, defaultContextAddress, now));
    }

    private interface CasBinder {
        void bind(PreparedStatement ps, long next) throws SQLException;
    }

    private interface CasRule {
        CasResult decide(Optional<NsRecord> stored);
    }

    private CasResult cas(
            String what,
            LedgerAlias alias,
            long expectedV,
            boolean status,
            String sql,
            CasBinder extra,
            long now,
            CasRule rule) {
        String token = newToken();
        // Never written at Long.MAX_VALUE: the statement requires the stored version to be below it.
        long next = expectedV == Long.MAX_VALUE ? expectedV : expectedV + 1;
        Database.Lost lost = null;
        for (int send = 1; ; send++) {
            Result r;
            try {
                r = db.once(
                        what,
                        c -> run(c, what, sql, ps -> {
                            ps.setString(1, alias.toString());
                            ps.setLong(2, now);
                            ps.setString(3, token);
                            ps.setLong(4, expectedV);
                            ps.setLong(5, next);
                            extra.bind(ps, next);
                        }));
            } catch (Database.Lost l) {
                lost = l;
                if (l.timeout || send >= Database.SENDS || !Database.backoff(send)) {
                    throw Errors.unknown(
                            what,
                            db.store,
                            l.getCause(),
                            Database.noResend(l, send) + "; it may or may not have been applied: look the record up ("
                                    + (status ? "status_v" : "config_v") + " = " + next
                                    + " with your values means it was)");
                }
                continue;
            } catch (TidemarkException e) {
                throw lost == null
                        ? e
                        : Errors.unknown(what, db.store, lost.getCause(), "sending it again failed: " + e.getMessage());
            }
            if (lost != null && !r.written()) {
                // Our token on the row: our first send was applied and no compare-and-set or retract came after it.
                if (r.old.isPresent() && r.old.get().token().equals(Optional.of(token))) {
                    NsRecord mine = r.old.get().record();
                    if ((status ? mine.statusV() : mine.configV()) == next) {
                        return new CasResult.Applied(mine);
                    }
                }
                throw Errors.unknown(
                        what,
                        db.store,
                        lost.getCause(),
                        "the version moved on; this call's first send may have been applied and then overtaken, or"
                                + " never applied: look the record up");
            }
            CasResult decided = rule.decide(r.record()); // throws, as everywhere, if the version cannot move
            if (decided.applied() != r.written()) {
                throw inconsistent(what, r.written() ? "was written" : "was not written", r);
            }
            return decided;
        }
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        String what = "delete " + alias;
        try {
            // Never resent: after our applied delete another writer may create the alias anew.
            return db.once(what, c -> {
                try (PreparedStatement ps = c.prepareStatement(DELETE.formatted(db.table))) {
                    ps.setString(1, alias.toString());
                    return ps.executeUpdate() > 0;
                }
            });
        } catch (Database.Lost l) {
            throw Errors.unknown(
                    what, db.store, l.getCause(), "the record may or may not have been removed; lookup tells which");
        }
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return lookupStored(alias).map(Stored::record);
    }

    private Optional<Stored> lookupStored(LedgerAlias alias) {
        String sql = LOOKUP.formatted(db.table);
        return db.read("lookup " + alias, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, alias.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? stored(rs, 1) : Optional.<Stored>empty();
                }
            }
        });
    }

    @Override
    public Stream<NsRecord> allRecords() {
        String first = FIRST_PAGE.formatted(db.table);
        String next = NEXT_PAGE.formatted(db.table);
        return Pages.stream(after -> db.read("scan nameservice", c -> {
            try (PreparedStatement ps = c.prepareStatement(after.isEmpty() ? first : next)) {
                int i = 1;
                if (after.isPresent()) {
                    ps.setString(i++, after.get().alias().toString());
                }
                ps.setInt(i, Pages.SIZE);
                List<NsRecord> page = new ArrayList<>(Pages.SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(stored(rs, 1)
                                .orElseThrow(() -> Errors.corrupted(
                                        db.store,
                                        "(ledger_alias NULL)",
                                        new IllegalArgumentException("ledger_alias is NULL")))
                                .record());
                    }
                }
                return page;
            }
        }));
    }

    /** One {@code SELECT} of no rows from the table: the server answers, the table is there and readable. */
    @Override
    public Health check() {
        return db.check();
    }

    @Override
    public void close() {
        db.close();
    }

    /** {@code PostgreSQL publisher on table 'public.nameservice' at jdbc:postgresql://...}. */
    @Override
    public String toString() {
        return db.store;
    }

    private static String newToken() {
        return UUID.randomUUID().toString();
    }

    /** The row in the {@link #COLUMNS} starting at column {@code from}; empty if {@code ledger_alias} is NULL. */
    private Optional<Stored> stored(ResultSet rs, int from) throws SQLException {
        String key = rs.getString(from);
        if (key == null) {
            return Optional.empty();
        }
        try {
            LedgerAlias alias = new LedgerAlias(rs.getString(from + 1), rs.getString(from + 2));
            if (!alias.toString().equals(key)) {
                throw new IllegalArgumentException(
                        "ledger_name and branch make " + alias + ", not the row's ledger_alias");
            }
            NsRecord record = new NsRecord(
                    alias,
                    Optional.ofNullable(rs.getString(from + 3)),
                    optionalLong(rs, from + 4),
                    Optional.ofNullable(rs.getString(from + 5)),
                    optionalLong(rs, from + 6),
                    Optional.ofNullable(rs.getString(from + 7)),
                    rs.getString(from + 8),
                    requiredLong(rs, from + 9, "updated_at"),
                    requiredLong(rs, from + 10, "status_v"),
                    Json.read("status meta", rs.getString(from + 11)),
                    requiredLong(rs, from + 12, "config_v"),
                    Json.read("config meta", rs.getString(from + 13)));
            return Optional.of(new Stored(record, Optional.ofNullable(rs.getString(from + 14))));
        } catch (RuntimeException e) {
            throw Errors.corrupted(db.store, "'" + key + "'", e);
        }
    }

    /** A NOT NULL column of the documented table: a NULL (a hand-made table) is never read as 0. */
    private static long requiredLong(ResultSet rs, int column, String name) throws SQLException {
        long v = rs.getLong(column);
        if (rs.wasNull()) {
            throw new IllegalArgumentException(name + " is NULL");
        }
        return v;
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
