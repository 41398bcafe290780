package org.radbridge.store;

/** The two supported databases: the embedded default and the production/scale-out one. */
public enum Dialect {
    SQLITE("sqlite"), POSTGRESQL("postgresql");

    public final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    public static Dialect ofUrl(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database url (use jdbc:sqlite: or jdbc:postgresql:): "
                + url.replaceAll("password=[^&;]*", "password=***"));
    }

    /** "FOR UPDATE SKIP LOCKED" where rows can be locked; SQLite has one writer and needs none. */
    public String skipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }
}
