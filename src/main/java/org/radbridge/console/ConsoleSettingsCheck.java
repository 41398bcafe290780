package org.radbridge.console;

import org.radbridge.settings.Settings;

/** The console's properties in {@link Settings#validate()} (registered in META-INF/services). */
public final class ConsoleSettingsCheck implements Settings.Check {

    @Override
    public void check(Settings s) {
        ConsoleSettings.of(s);
    }
}
