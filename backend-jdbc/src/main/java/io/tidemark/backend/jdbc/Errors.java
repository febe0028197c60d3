package io.tidemark.backend.jdbc;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * Maps the JDBC driver's and the pool's {@link SQLException}s onto Tidemark's hierarchy by SQLState, and says which
 * failures leave a write's outcome open. Messages name the operation, the table and the database URL (which never
 * carries a password: {@link Database} refuses such URLs), never a credential.
 */
final class Errors {
    private Errors() {}

    /**
     * Whether a statement that failed with {@code e} may nevertheless have been committed: the connection broke
     * (SQLState class 08, or no SQLState: an I/O failure) or the server was shut down under it ({@code 57P01},
     * {@code 57P02}) after the statement may have been sent. Any other SQLState is the server's answer: in autocommit
     * the statement's transaction was rolled back, nothing was written.
     */
    static boolean ambiguous(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.equals("57P01") || state.equals("57P02");
    }

    /** Whether the driver gave up waiting for a reply ({@code socketTimeout}): the time budget is spent. */
    static boolean isTimeout(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The SQLState of {@code e}, or of the first cause that has one (the pool wraps the driver's failure). */
    static String state(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return "";
    }

    /** The exception for {@code e}, a failure of {@code what} on {@code store} that wrote nothing. */
    static TidemarkException map(String what, String store, SQLException e) {
        String state = state(e);
        String message =
                what + " on " + store + ": " + reason(e) + (state.isEmpty() ? "" : " (SQLState " + state + ")");
        if (state.startsWith("28") || state.equals("42501")) {
            return new AccessDeniedException(
                    message + "; check user and password, and that the user may SELECT, INSERT, UPDATE and DELETE "
                            + "the table",
                    e);
        }
        if (state.equals("42P01") || state.equals("3F000") || state.equals("3D000")) {
            return new StoreNotFoundException(
                    message + "; create it with " + Ddl.RESOURCE + " from tidemark-backend-jdbc (or create_tables: "
                            + "true; a schema with CREATE SCHEMA, a database with CREATE DATABASE)",
                    e);
        }
        if (state.startsWith("22")
                || state.startsWith("23")
                || state.equals("42703")
                || state.equals("42804")
                // no unique key matching ON CONFLICT, or the name is not a table: retrying cannot help
                || state.equals("42P10")
                || state.equals("42809")) {
            return new CorruptedStoreException(
                    message + "; the table does not have the form of " + Ddl.RESOURCE + ", nothing was written", e);
        }
        return new BackendUnavailableException(message, e);
    }

    /** A write whose reply was lost and whose outcome could not be established; {@code known} says what is known. */
    static OutcomeUnknownException unknown(String what, String store, Throwable lost, String known) {
        return new OutcomeUnknownException(
                what + " on " + store + ": the connection failed after the statement was sent (" + reason(lost) + "); "
                        + known,
                lost);
    }

    /** A row of the table that does not decode; nothing was written by the call that read it. */
    static CorruptedStoreException corrupted(String store, String row, RuntimeException e) {
        return new CorruptedStoreException("row " + row + " of " + store + " cannot be read: " + e.getMessage(), e);
    }

    /** The first line of a driver message (server messages may add a detail line). */
    static String reason(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
