package org.radbridge.api;

/** One named check of GET /health (and, when {@link #readiness()}, of GET /health/ready). */
public interface HealthCheck {

    record Result(boolean up, String detail) {
    }

    String name();

    Result check();

    /** True for the checks that also gate GET /health/ready (listeners); the others appear in /health only. */
    default boolean readiness() {
        return false;
    }
}
