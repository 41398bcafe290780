package org.radbridge.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.radbridge.mapping.Mappings;
import org.radbridge.settings.Settings;

/**
 * Every mapping file's loader, the same the engine uses (peers, message flows, DICOM AEs, worklist and FHIR mappings,
 * code tables, MPPS transitions and forwarding, HL7 destinations, notifications, de-identification targets), for
 * {@code config.ConfigCheck} (check-config and a reload): the assembly knows the modules, the config package does not.
 */
public final class MappingLoaders {

    private MappingLoaders() {
    }

    /** The mapping loaders, by part name: each reads its files from the given Mappings and throws on a problem. */
    public static Map<String, Consumer<Mappings>> of(Settings s) {
        Map<String, Consumer<Mappings>> l = new LinkedHashMap<>();
        l.put("hl7 senders", m -> org.radbridge.mapping.Hl7Peers.load(m));
        l.put("message flows", m -> org.radbridge.intake.MessageFlows.load(m));
        l.put("dicom peers", m -> org.radbridge.mapping.DicomPeers.load(m));
        l.put("worklist mapping", m -> org.radbridge.worklist.mapping.MwlMapping.load(m));
        l.put("order control", m -> org.radbridge.worklist.OrderControl.load(m));
        l.put("station routing", m -> org.radbridge.worklist.mapping.StationRouting.load(m));
        l.put("fhir mappings", m -> new org.radbridge.fhir.FhirMappings(m));
        l.put("mpps transitions", m -> org.radbridge.procedure.Transitions.load(m));
        l.put("mpps forwarding", m -> org.radbridge.procedure.MppsForwarding.load(m, s.get("radbridge.dicom.ae-title", "RADBRIDGE")));
        l.put("hl7 destinations", m -> {
            org.radbridge.notify.Hl7Destinations d = org.radbridge.notify.Hl7Destinations.load(m, s);
            org.radbridge.availability.NotificationConfig.load(m, d::has);
        });
        l.put("deid targets", m -> org.radbridge.deid.Targets.load(m));
        return l;
    }
}
