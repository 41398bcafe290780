package org.radbridge.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.FlywayException;

/**
 * Flyway callback: records each migration of a module also in the previous releases' {@code schema_version(module,
 * version)}, in the migration's own transaction, so the previous release (which reads only that table) sees the
 * schema as migrated and neither runs a file again nor fails on tables it finds (see {@link Migrations}).
 */
final class LegacyRecord implements Callback {

    private final String module;
    private final String table;

    LegacyRecord(String module, String table) {
        this.module = module;
        this.table = table;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null
                && context.getMigrationInfo().getVersion() != null;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        int version = context.getMigrationInfo().getVersion().getMajor().intValueExact();
        try (PreparedStatement ps = context.getConnection().prepareStatement("INSERT INTO " + table
                + "(module, version, applied_at) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + table
                + " WHERE module = ? AND version = ?)")) {
            ps.setString(1, module);
            ps.setInt(2, version);
            ps.setLong(3, System.currentTimeMillis());
            ps.setString(4, module);
            ps.setInt(5, version);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new FlywayException("cannot record " + module + "/" + version + " in " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "radbridge-schema-version";
    }
}
