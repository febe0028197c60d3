package io.tidemark.backend.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The tables' DDL, read from the resource {@value #RESOURCE} that operators apply by hand and the module README
 * shows: the backend runs the same text, with the configured names in place of the defaults, so that the three cannot
 * drift. Names are checked ({@link #checkName}) and always double-quoted in SQL.
 */
final class Ddl {
    /** The resource holding both {@code CREATE TABLE IF NOT EXISTS} statements. */
    static final String RESOURCE = "db/tidemark-postgresql.sql";
    /** Default name of the watermark table. */
    static final String WATERMARK = "watermark";
    /** Default name of the nameservice table. */
    static final String NAMESERVICE = "nameservice";

    /** The two tables. */
    enum Kind {
        WATERMARK(Ddl.WATERMARK, "watermark backend", "watermark store"),
        NAMESERVICE(Ddl.NAMESERVICE, "nameservice", "publisher");

        final String defaultName;
        /** As in the open log line: {@code PostgreSQL watermark backend created table ...}. */
        final String logName;
        /** As in messages: {@code PostgreSQL watermark store on table ...}. */
        final String storeName;

        Kind(String defaultName, String logName, String storeName) {
            this.defaultName = defaultName;
            this.logName = logName;
            this.storeName = storeName;
        }
    }

    private Ddl() {}

    /** The resource's text. */
    static String text() {
        try (InputStream in = Ddl.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from tidemark-backend-jdbc");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource's statement creating the table of {@code kind}, exactly as written there (default name). */
    static String statement(Kind kind) {
        String text = text();
        String head = "CREATE TABLE IF NOT EXISTS " + kind.defaultName + " (";
        int start = text.indexOf(head);
        int end = text.indexOf(");", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("resource " + RESOURCE + " has no statement " + head);
        }
        return text.substring(start, end + 2);
    }

    /** The statement creating the table of {@code kind} as {@code qualified} (a {@link #qualified} name). */
    static String create(Kind kind, String qualified) {
        return statement(kind)
                .replace(
                        "CREATE TABLE IF NOT EXISTS " + kind.defaultName + " (",
                        "CREATE TABLE IF NOT EXISTS " + qualified + " (");
    }

    /**
     * Whether {@code name} may be a schema or table name: letters, digits and {@code _}, not starting with a digit,
     * at most 63 chars (PostgreSQL's identifier limit). Such a name needs no escaping inside double quotes.
     */
    static boolean checkName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}");
    }

    /** {@code "schema"."table"}: both checked by {@link #checkName}, so quoting cannot be broken out of. */
    static String qualified(String schema, String table) {
        return '"' + schema + "\".\"" + table + '"';
    }

    /** The same name unquoted for messages and logs: {@code schema.table}. */
    static String shown(String schema, String table) {
        return schema + "." + table;
    }
}
