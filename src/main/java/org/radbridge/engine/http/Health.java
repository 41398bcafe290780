package org.radbridge.engine.http;

import java.util.Map;

/** GET /health as modules see it (design.md §3): checks they add, and the report (the console shows it). */
public interface Health {

    void addCheck(HealthCheck c);

    /** What /health answers: {"status": UP|DOWN, "checks": {name: {"status", "detail"}}}. */
    Map<String, Object> healthReport();
}
