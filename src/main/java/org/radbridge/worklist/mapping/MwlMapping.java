package org.radbridge.worklist.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Mappings;
import org.radbridge.order.OrderStep;

/**
 * The HL7 order to DICOM Modality Worklist mapping of mappings/hl7-to-mwl/ (mission-anchors.md §2.2, IHE RAD
 * TF-2 Appendix B): {@code patient.yaml} (PID, also used by patient updates), {@code visit.yaml} (PV1) and
 * one file per order type ({@code orm-o01.yaml}, {@code omg-o19.yaml}, {@code omi-o23.yaml}), with the
 * switches of {@code options.yaml} (overridable per sender under options.worklist). Pure: it builds one
 * draft item per Scheduled Procedure Step and never touches the database.
 */
public final class MwlMapping {

    public static final String DIR = "hl7-to-mwl/";

    /** One Scheduled Procedure Step as mapped, before identifiers and status are settled. */
    public record Draft(OrderStep step, Attributes item, List<String> warnings) {
    }

    private final Mappings mappings;
    private final JsonNode options;
    private final StationRouting routing;
    private final MwlRuleSet patient;
    private final MwlRuleSet visit;
    private final Map<String, MwlRuleSet> orders = new ConcurrentHashMap<>();
    /** Rule sets by message type ("ORM^O01"), so that a message's file name is not rebuilt per message. */
    private final Map<String, MwlRuleSet> byType = new ConcurrentHashMap<>();
    /** Each sender's switches as read ({@link #options}), by sender (the peers of one configuration: few). */
    private final Map<PeerKey, SenderOptions> optionsByPeer = new ConcurrentHashMap<>();

    private MwlMapping(Mappings mappings, JsonNode options, StationRouting routing, MwlRuleSet patient, MwlRuleSet visit) {
        this.mappings = mappings;
        this.options = options;
        this.routing = routing;
        this.patient = patient;
        this.visit = visit;
    }

    /** Loads and checks every file (start-up fails naming a bad file). */
    public static MwlMapping load(Mappings m) {
        MwlMapping mm = new MwlMapping(m, m.yaml(DIR + "options.yaml"), StationRouting.load(m),
                MwlRuleSet.load(m, DIR + "patient.yaml"), MwlRuleSet.load(m, DIR + "visit.yaml"));
        for (String type : List.of("ORM^O01", "OMG^O19", "OMI^O23")) {
            mm.orderRules(type);
        }
        return mm;
    }

    /** {@code ORM^O01} -> hl7-to-mwl/orm-o01.yaml. */
    public static String fileFor(String messageType) {
        return DIR + messageType.toLowerCase(Locale.ROOT).replace('^', '-') + ".yaml";
    }

    public MwlRuleSet orderRules(String messageType) {
        MwlRuleSet known = byType.get(messageType);
        if (known != null) {
            return known;
        }
        MwlRuleSet s = orderRulesOf(messageType);
        if (byType.size() < 64) {
            byType.put(messageType, s); // only types that have a file get here
        }
        return s;
    }

    private MwlRuleSet orderRulesOf(String messageType) {
        String f = fileFor(messageType);
        MwlRuleSet s = orders.get(f);
        if (s == null) {
            if (!mappings.exists(f)) {
                throw Hl7Error.refused(Hl7Error.Code.UNSUPPORTED_MESSAGE_TYPE, "MSH-9",
                        "no worklist mapping for " + messageType + " (mappings/" + f + ")");
            }
            s = MwlRuleSet.load(mappings, f);
            orders.put(f, s);
        }
        return s;
    }

    public MwlRuleSet patientRules() {
        return patient;
    }

    /**
     * The sender's switch values: options.worklist.NAME of the sender (peers/hl7-senders.yaml), then
     * roles.ROLE.NAME and NAME of options.yaml, then {@code def}. Dotted names walk nested keys.
     */
    public BiFunction<String, String, String> options(Hl7Peer peer) {
        PeerKey key = new PeerKey(peer);
        SenderOptions o = optionsByPeer.get(key);
        if (o == null) {
            o = new SenderOptions(peer);
            if (optionsByPeer.size() < 256) {
                optionsByPeer.put(key, o);
            }
        }
        return o;
    }

    /** A sender by identity (the peers of one configuration are immutable; a reload makes a new mapping). */
    private record PeerKey(Hl7Peer peer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PeerKey k && k.peer == peer;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(peer);
        }
    }

    /** One sender's switch values, each looked up in the YAML once and then remembered. */
    private final class SenderOptions implements BiFunction<String, String, String> {
        /** Remembered "no value": {@code def} applies. */
        private static final String NONE = new String("\u0000none");
        private final Hl7Peer peer;
        private final Map<String, String> values = new ConcurrentHashMap<>();

        SenderOptions(Hl7Peer peer) {
            this.peer = peer;
        }

        @Override
        public String apply(String name, String def) {
            String v = values.get(name);
            if (v == null) {
                v = lookup(name);
                if (v == null) {
                    v = NONE;
                }
                if (values.size() < 256) {
                    values.put(name, v);
                }
            }
            return v == NONE ? def : v;
        }

        private String lookup(String name) {
            String v = peer == null ? null : peer.option("worklist." + name, null);
            if (v == null) {
                v = text(options.path("roles").path(peer == null ? "emr" : peer.role().toLowerCase(Locale.ROOT)), name);
            }
            if (v == null) {
                v = text(options, name);
            }
            return v;
        }
    }

    private static String text(JsonNode n, String dotted) {
        JsonNode cur = n;
        for (String p : dotted.split("\\.")) {
            cur = cur.path(p);
        }
        return cur.isMissingNode() || cur.isNull() || cur.isContainerNode() ? null : cur.asText();
    }

    /** One draft per step of an order message; AE 101 when it has no order group. */
    public List<Draft> mapOrder(Hl7Message m, Hl7Peer peer) {
        MwlRuleSet rules = orderRules(m.messageType());
        List<OrderStep> steps = OrderStep.of(m);
        if (steps.isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.SEGMENT_SEQUENCE, null,
                    m.messageType() + " without an order group (ORC): nothing to schedule");
        }
        BiFunction<String, String, String> opts = options(peer);
        List<Draft> out = new ArrayList<>(steps.size());
        for (OrderStep step : steps) {
            Attributes item = new Attributes();
            item.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
            MappingContext ctx = new MappingContext(m, step, opts, routing, item);
            patient.apply(ctx);
            visit.apply(ctx);
            rules.apply(ctx);
            out.add(new Draft(step, item, ctx.warnings()));
        }
        return out;
    }

    /** A context over the segments of one patient (PID and what follows) for patient updates. */
    public MappingContext patientContext(Hl7Message m, List<Segment> pidGroup, Hl7Peer peer, Attributes item) {
        OrderStep step = new OrderStep(0, 1, pidGroup, List.of(), List.of());
        return new MappingContext(m, step, options(peer), routing, item);
    }

    /** The first source path of the rule for a target in a message type's files (for error locations). */
    public String pathOf(String messageType, String target) {
        for (MwlRuleSet s : List.of(orderRules(messageType), patient, visit)) {
            for (MwlRule r : s.rules()) {
                if (r.to().equals(target) && r.firstPath() != null) {
                    return r.firstPath();
                }
            }
        }
        return null;
    }
}
