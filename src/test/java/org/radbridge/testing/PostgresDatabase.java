package org.radbridge.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 parameter resolver: a {@code String} parameter annotated with {@link PgUrl} gets the URL of a
 * fresh database on the run's embedded PostgreSQL.
 */
public final class PostgresDatabase implements ParameterResolver {

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    public @interface PgUrl {
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.isAnnotated(PgUrl.class) && p.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        try {
            return Postgres.newDatabase(e);
        } catch (Exception ex) {
            throw new IllegalStateException("cannot start embedded PostgreSQL: " + ex.getMessage(), ex);
        }
    }
}
