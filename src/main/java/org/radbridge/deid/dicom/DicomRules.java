package org.radbridge.deid.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.radbridge.deid.Action;
import org.radbridge.deid.Rule;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.VR;

/**
 * The DICOM part of a profile: PS3.15 Annex E (the generated Table E.1-1, {@link AnnexE}) with the
 * profile's options, and the HIPAA policy layer on top of it — rules by tag (written
 * {@code "(0010,0020)"} or by keyword, commented with the attribute's name) and rules by VR for every
 * attribute, e.g. {@code DA: year-only}. Precedence: tag rule, then private attributes (odd groups,
 * removed unless the profile says otherwise), then VR rule, then the table, then keep.
 */
public final class DicomRules {

    private final EnumSet<AnnexE.Option> options;
    private final Map<Integer, Rule> tags;
    private final Map<VR, Rule> vrs;
    private final Rule privateRule;
    private final boolean allowBurnedIn;

    private DicomRules(EnumSet<AnnexE.Option> options, Map<Integer, Rule> tags, Map<VR, Rule> vrs, Rule privateRule,
            boolean allowBurnedIn) {
        this.options = options;
        this.tags = tags;
        this.vrs = vrs;
        this.privateRule = privateRule;
        this.allowBurnedIn = allowBurnedIn;
    }

    public static DicomRules compile(JsonNode n) {
        EnumSet<AnnexE.Option> opts = EnumSet.noneOf(AnnexE.Option.class);
        for (JsonNode o : n.path("options")) {
            opts.add(AnnexE.Option.of(o.asText()));
        }
        checkOptions(opts);
        Map<Integer, Rule> tags = new HashMap<>();
        n.path("rules").fields().forEachRemaining(e -> {
            try {
                tags.put(tag(e.getKey()), Rule.parse(e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("DICOM " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        });
        Map<VR, Rule> vrs = new EnumMap<>(VR.class);
        n.path("vr-rules").fields().forEachRemaining(e -> {
            VR vr = VR.valueOf(e.getKey().trim().toUpperCase(Locale.ROOT));
            if (vr == VR.SQ) {
                throw new IllegalArgumentException("DICOM vr-rules: SQ cannot have a VR rule (sequences are cleaned item by item)");
            }
            vrs.put(vr, Rule.parse(e.getValue().asText()));
        });
        Rule priv = Rule.parse(n.path("private").asText("remove"));
        if (priv.action() != Action.REMOVE && priv.action() != Action.KEEP) {
            throw new IllegalArgumentException("DICOM private: remove or keep");
        }
        boolean burned = "allow".equalsIgnoreCase(n.path("burned-in-annotation").asText("refuse"));
        return new DicomRules(opts, tags, vrs, priv, burned);
    }

    private static void checkOptions(Set<AnnexE.Option> opts) {
        if (opts.contains(AnnexE.Option.RETAIN_LONGITUDINAL_FULL_DATES) && opts.contains(AnnexE.Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            throw new IllegalArgumentException("DICOM options retain-longitudinal-full-dates and "
                    + "retain-longitudinal-modified-dates exclude each other");
        }
    }

    /** "(0010,0020)", "00100020" or a keyword of the dictionary. */
    static int tag(String s) {
        String t = s.trim();
        String hex = t.replace("(", "").replace(")", "").replace(",", "");
        if (hex.matches("[0-9A-Fa-f]{8}")) {
            return (int) Long.parseLong(hex, 16);
        }
        int k = Dictionary.tagOf(t);
        if (k == -1) {
            throw new IllegalArgumentException("unknown DICOM attribute \"" + s + "\" (write (gggg,eeee))");
        }
        return k;
    }

    public DicomRules withOptions(List<AnnexE.Option> more) {
        EnumSet<AnnexE.Option> o = EnumSet.copyOf(options.isEmpty() ? EnumSet.noneOf(AnnexE.Option.class) : options);
        o.addAll(more);
        checkOptions(o);
        return new DicomRules(o, tags, vrs, privateRule, allowBurnedIn);
    }

    public Set<AnnexE.Option> options() {
        return options;
    }

    Rule tagRule(int tag) {
        return tags.get(tag);
    }

    Rule vrRule(VR vr) {
        return vrs.get(vr);
    }

    Rule privateRule() {
        return privateRule;
    }

    boolean allowBurnedIn() {
        return allowBurnedIn;
    }

    public List<Rule> rules() {
        List<Rule> l = new ArrayList<>(tags.values());
        l.addAll(vrs.values());
        return l;
    }
}
