package org.radbridge.fhir.auth;

import org.radbridge.settings.Settings;

/**
 * The FHIR destination's auth properties (radbridge.fhir.auth.*) in {@link Settings#validate()}, when a FHIR server is
 * set: complete and consistent (registered in META-INF/services).
 */
public final class FhirAuthSettingsCheck implements Settings.Check {

    @Override
    public void check(Settings s) {
        if (!s.get("radbridge.fhir.url").isEmpty()) {
            FhirAuthSettings.validate(s);
        }
    }
}
