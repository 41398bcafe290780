package org.radbridge.console;

import java.util.List;

/**
 * What the dashboard lists under "Active alerts". The engine's alert rules (mappings/alerts.yaml) plug in here;
 * until then {@link ConsoleModule} supplies the health checks not UP and the recent security alerts.
 */
@FunctionalInterface
public interface ActiveAlerts {

    /**
     * One active alert: severity (CRITICAL, WARNING or INFO, as in alerts.yaml), the rule or source, what it is about,
     * since when (epoch ms, 0 unknown).
     */
    record Alert(String severity, String rule, String subject, String detail, long since) {
    }

    List<Alert> active();

    ActiveAlerts NONE = List::of;
}
