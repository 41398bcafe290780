package org.radbridge.api;

/** One named check of GET /health. */
public interface HealthCheck {

    record Result(boolean up, String detail) {
    }

    String name();

    Result check();
}
