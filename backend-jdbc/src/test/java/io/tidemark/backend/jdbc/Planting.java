package io.tidemark.backend.jdbc;

import io.tidemark.publisher.NsRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.OptionalLong;

/** Raw SQL writes of rows, as another tool writing the tables would: no rule of the contract applies. */
final class Planting {
    private Planting() {}

    /** Stores {@code r} in {@code schema.table} of the shared server as it is, replacing any row of its alias. */
    static void plant(String schema, String table, NsRecord r) {
        String sql = "INSERT INTO " + Ddl.qualified(schema, table)
                + " (ledger_alias, ledger_name, branch, commit_address, commit_t, index_address, index_t,"
                + " default_context_address, status, updated_at, status_v, status_meta, config_v, config_meta)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?::json)"
                + " ON CONFLICT (ledger_alias) DO UPDATE SET ledger_name = EXCLUDED.ledger_name,"
                + " branch = EXCLUDED.branch, commit_address = EXCLUDED.commit_address, commit_t = EXCLUDED.commit_t,"
                + " index_address = EXCLUDED.index_address, index_t = EXCLUDED.index_t,"
                + " default_context_address = EXCLUDED.default_context_address, status = EXCLUDED.status,"
                + " updated_at = EXCLUDED.updated_at, status_v = EXCLUDED.status_v,"
                + " status_meta = EXCLUDED.status_meta, config_v = EXCLUDED.config_v,"
                + " config_meta = EXCLUDED.config_meta, tidemark_req = NULL";
        try (Connection c = EmbeddedPg.shared().connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.alias().toString());
            ps.setString(2, r.alias().name());
            ps.setString(3, r.alias().branch());
            text(ps, 4, r.commitAddress());
            number(ps, 5, r.commitT());
            text(ps, 6, r.indexAddress());
            number(ps, 7, r.indexT());
            text(ps, 8, r.defaultContextAddress());
            ps.setString(9, r.status());
            ps.setLong(10, r.updatedAt());
            ps.setLong(11, r.statusV());
            ps.setString(12, Json.write(r.statusMeta()));
            ps.setLong(13, r.configV());
            ps.setString(14, Json.write(r.configMeta()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("planting " + r.alias() + ": " + e.getMessage(), e);
        }
    }

    private static void text(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            ps.setString(i, v.get());
        } else {
            ps.setNull(i, Types.VARCHAR);
        }
    }

    private static void number(PreparedStatement ps, int i, OptionalLong v) throws SQLException {
        if (v.isPresent()) {
            ps.setLong(i, v.getAsLong());
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }
}
