package org.radbridge.store;

import java.sql.SQLException;

/**
 * Classifies database errors for the writer and for /health. SQLite ("Response To Errors Within A
 * Transaction", lang_transaction.html): after SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY or SQLITE_NOMEM the
 * whole transaction may have been rolled back, in which case later statements run outside any transaction
 * (each one commits on its own) until a new BEGIN. PostgreSQL aborts the transaction on every error
 * (SQLSTATE 25P02 afterwards); the classes named here are the ones that are not the statement's own fault.
 */
final class StorageErrors {

    private StorageErrors() {
    }

    /** True when the error may have ended the transaction (storage, I/O, locking, connection), not a constraint or SQL error. */
    static boolean mayEndTransaction(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.length() >= 2 && !isSqlite(e)) {
            String cls = state.substring(0, 2);
            return switch (cls) {
                case "08", "25", "40", "53", "57", "58", "XX" -> true;
                default -> false;
            };
        }
        return switch (e.getErrorCode() & 0xff) {
            case 5, 6, 7, 8, 10, 11, 13, 14, 26 -> true; // BUSY LOCKED NOMEM READONLY IOERR CORRUPT FULL CANTOPEN NOTADB
            default -> false;
        };
    }

    /** A short, PHI-free description for logs and /health, e.g. "disk full (SQLITE_FULL)". */
    static String describe(Throwable t) {
        SQLException e = sqlException(t);
        if (e == null) {
            return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + cut(t.getMessage()));
        }
        if (isSqlite(e)) {
            String what = switch (e.getErrorCode() & 0xff) {
                case 5 -> "database busy (SQLITE_BUSY)";
                case 6 -> "database table locked (SQLITE_LOCKED)";
                case 7 -> "out of memory (SQLITE_NOMEM)";
                case 8 -> "database is read-only (SQLITE_READONLY)";
                case 10 -> "I/O error (SQLITE_IOERR)";
                case 11 -> "database file is damaged (SQLITE_CORRUPT)";
                case 13 -> "disk full (SQLITE_FULL)";
                case 14 -> "cannot open the database file (SQLITE_CANTOPEN)";
                default -> null;
            };
            if (what != null) {
                return what;
            }
            return cut(e.getMessage());
        }
        String state = e.getSQLState();
        if (state != null) {
            if (state.equals("53100")) {
                return "disk full (SQLSTATE 53100)";
            }
            if (state.startsWith("08")) {
                return "database connection lost (SQLSTATE " + state + ")";
            }
            if (state.startsWith("57P")) {
                return "database server shutting down or unavailable (SQLSTATE " + state + ")";
            }
            return "SQLSTATE " + state + ": " + cut(firstLine(e.getMessage()));
        }
        return cut(e.getMessage());
    }

    private static SQLException sqlException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e) {
                return e;
            }
        }
        return null;
    }

    private static boolean isSqlite(SQLException e) {
        return e.getClass().getName().startsWith("org.sqlite.") || (e.getMessage() != null && e.getMessage().startsWith("[SQLITE_"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }
}
