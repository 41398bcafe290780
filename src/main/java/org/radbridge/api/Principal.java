package org.radbridge.api;

import java.util.Set;

/** A named API principal with roles (phi-read, replay, webhook, admin; admin has every role). */
public record Principal(String name, Set<String> roles) {

    public static final String PHI_READ = "phi-read";
    public static final String REPLAY = "replay";
    public static final String WEBHOOK = "webhook";
    public static final String ADMIN = "admin";

    public boolean has(String role) {
        return roles.contains(ADMIN) || roles.contains(role);
    }
}
