package org.radbridge.engine.http;

/** One named check of GET /health (and, when {@link #readiness()}, of GET /health/ready). */
public interface HealthCheck {

    /**
     * @param up false makes /health DOWN (503)
     * @param warn shown as WARN: the engine runs, but something needs an operator (e.g. held effects); /health stays 200
     */
    record Result(boolean up, String detail, boolean warn) {

        public Result(boolean up, String detail) {
            this(up, detail, false);
        }

        public static Result warning(String detail) {
            return new Result(true, detail, true);
        }

        public String status() {
            return !up ? "DOWN" : warn ? "WARN" : "UP";
        }
    }

    String name();

    Result check();

    /** True for the checks that also gate GET /health/ready (listeners); the others appear in /health only. */
    default boolean readiness() {
        return false;
    }
}
