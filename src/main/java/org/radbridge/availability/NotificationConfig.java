package org.radbridge.availability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * mappings/to-hl7/study-available.yaml: which HL7 destinations are told that a study is available, in which shape
 * (ORU^R01 or ORC-1=SC / ORC-5=CM status), with which policy for a study that matches no order, and the ORU's
 * constants. A wrong file stops start-up with its name.
 */
public record NotificationConfig(List<Target> targets, Oru oru) {

    public static final String FILE = "to-hl7/study-available.yaml";

    public enum Shape { ORU, STATUS }

    /** What happens to a study that matches no order, per destination. */
    public enum NoOrder { NOTIFY, HOLD, RECONCILE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Target(String destination, Shape shape, NoOrder noOrder, String viewerUrl) {
    }

    /** Constants of the ORU^R01 shape (see the file's comments for the HL7 fields). */
    public record Oru(String version, String resultStatus, String studyUidType, String studyUidCode, String viewerType,
            String viewerCode, String observationStatus, String noOrderService) {
    }

    public static NotificationConfig load(Mappings m, java.util.function.Predicate<String> destinationExists) {
        String origin = m.origin(FILE);
        JsonNode root = m.yaml(FILE);
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : root.path("to")) {
            String d = t.path("destination").asText("");
            if (d.isEmpty() || !destinationExists.test(d)) {
                throw new MappingException(origin, "to: unknown HL7 destination \"" + d + "\" (mappings/peers/hl7-destinations.yaml)");
            }
            Shape shape = parse(Shape.class, t.path("shape").asText("oru"), origin, "shape must be oru or status");
            NoOrder policy = parse(NoOrder.class, t.path("no-order").asText("hold"), origin,
                    "no-order must be notify, hold or reconcile");
            if (shape == Shape.STATUS && policy == NoOrder.NOTIFY) {
                throw new MappingException(origin, d + ": no-order notify needs shape oru (a status message updates an order)");
            }
            targets.add(new Target(d, shape, policy, t.path("viewer-url").asText("")));
        }
        JsonNode o = root.path("oru");
        Oru oru = new Oru(o.path("version").asText("2.5.1"), o.path("result-status").asText("R"),
                o.path("study-uid").path("value-type").asText("ST"), o.path("study-uid").path("code").asText("113014^DICOM Study^DCM"),
                o.path("viewer").path("value-type").asText("RP"), o.path("viewer").path("code").asText("VIEWER^Study viewer^L"),
                o.path("observation-status").asText("O"), o.path("no-order-service").asText("IMG^Imaging study^L"));
        return new NotificationConfig(targets, oru);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String v, String origin, String message) {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MappingException(origin, message + ", is \"" + v + "\"");
        }
    }
}
