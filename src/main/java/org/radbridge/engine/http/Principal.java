package org.radbridge.engine.http;

import java.util.Set;

/** A named API principal with roles (phi-read, replay, webhook, admin; admin has every role). */
public record Principal(String name, Set<String> roles) {

    public static final String PHI_READ = "phi-read";
    public static final String REPLAY = "replay";
    public static final String WEBHOOK = "webhook";
    public static final String ADMIN = "admin";
    /** Every role a principal may have. */
    public static final Set<String> ROLES = Set.of(PHI_READ, REPLAY, WEBHOOK, ADMIN);

    /** True if the principal has the role, or one of several written "a|b" (e.g. "phi-read|replay"). */
    public boolean has(String role) {
        if (roles.contains(ADMIN) || roles.contains(role)) {
            return true;
        }
        if (role != null && role.indexOf('|') > 0) {
            for (String r : role.split("\\|")) {
                if (roles.contains(r)) {
                    return true;
                }
            }
        }
        return false;
    }
}
