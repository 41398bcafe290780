package org.radbridge.deid.dicom;

import java.util.ArrayList;
import java.util.Set;
import org.radbridge.deid.Action;
import org.radbridge.deid.Dates;
import org.radbridge.deid.DeidContext;
import org.radbridge.deid.DeidException;
import org.radbridge.deid.Rule;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/**
 * De-identifies a DICOM data set (PS3.15 E.1.1): every attribute, at any depth of sequences, gets the
 * action of its {@link DicomRules} — the profile's rules over Table E.1-1 with its options. Two passes
 * (identifiers first, for clean-text). Then provenance: (0012,0062) Patient Identity Removed = YES,
 * the profile added to (0012,0063) De-identification Method, the Basic Profile and option codes
 * (CID 7050) added to (0012,0064) De-identification Method Code Sequence, and (0028,0303) Longitudinal
 * Temporal Information Modified. Pixel data is not changed: a data set that declares burned-in
 * annotation (0028,0301 = YES) is refused unless the profile allows it.
 */
public final class DicomDeidentifier {

    static final String DUMMY_DA = "19000101";

    private DicomDeidentifier() {
    }

    /** A de-identified copy of the data set. */
    public static Attributes deidentify(Attributes in, DeidContext ctx) {
        DicomRules rules = ctx.profile().dicom();
        if (rules == null) {
            throw new DeidException("profile " + ctx.profile().name() + " has no DICOM rules");
        }
        if ("YES".equalsIgnoreCase(in.getString(Tag.BurnedInAnnotation, "")) && !rules.allowBurnedIn()) {
            throw new DeidException("the data set declares burned-in annotation (0028,0301): RadBridge does not clean pixel data");
        }
        ctx.patientKey(in.getString(Tag.PatientID, ""));
        Attributes out = in.copy();
        Walk w = new Walk(rules, ctx);
        w.collect = true;
        w.dataset(out, false);
        w.collect = false;
        w.dataset(out, false);
        DicomProvenance.write(out, ctx, rules, w.datesChanged);
        return out;
    }

    /** One pass over a data set and its sequences. */
    private static final class Walk {
        private final DicomRules rules;
        private final DeidContext ctx;
        private final AnnexE table = AnnexE.table();
        private final Set<AnnexE.Option> options;
        boolean collect;
        boolean datesChanged;

        Walk(DicomRules rules, DeidContext ctx) {
            this.rules = rules;
            this.ctx = ctx;
            this.options = rules.options();
        }

        void dataset(Attributes ds, boolean clean) {
            for (Attributes.Element e : new ArrayList<>(ds.elements())) {
                element(ds, e, clean);
            }
        }

        /** The rule of an element; for sequences KEEP = visit the items, CLEAN_TEXT = visit and clean text. */
        Rule rule(int tag, VR vr, boolean clean) {
            Rule r = rules.tagRule(tag);
            if (r != null) {
                return r;
            }
            if (((tag >>> 16) & 1) == 1) {
                return rules.privateRule();
            }
            if (vr != VR.SQ && (r = rules.vrRule(vr)) != null) {
                return r;
            }
            AnnexE.Row row = table.row(tag);
            if (row != null) {
                return fromCode(AnnexE.code(row, options), vr);
            }
            if (clean && (vr.kind() == VR.Kind.TEXT)) {
                return new Rule(Action.CLEAN_TEXT, null);
            }
            return Rule.KEEP;
        }

        /** PS3.15 Table E.1-1a codes to actions; compound codes resolved to what is always conformant. */
        static Rule fromCode(String code, VR vr) {
            boolean sq = vr == VR.SQ;
            Action a = switch (code) {
                case "X" -> Action.REMOVE;
                case "Z", "X/Z" -> Action.EMPTY;
                case "D", "X/D" -> Action.DUMMY;
                case "X/Z/D", "Z/D" -> sq ? Action.EMPTY : Action.DUMMY;
                case "K", "X/Z/U*" -> Action.KEEP;
                case "U" -> sq ? Action.KEEP : Action.UID_REMAP;
                case "C" -> sq || vr.kind() == VR.Kind.TEXT ? Action.CLEAN_TEXT
                        : vr == VR.DA || vr == VR.DT || vr == VR.TM ? Action.DATE_SHIFT : Action.KEEP;
                default -> Action.REMOVE;
            };
            return new Rule(a, null);
        }

        void element(Attributes ds, Attributes.Element e, boolean clean) {
            int tag = e.tag();
            VR vr = e.vr();
            Rule r = rule(tag, vr, clean);
            if (vr == VR.SQ) {
                sequence(ds, e, r, clean);
                return;
            }
            if (collect) {
                if (r.action().removesValue() && e.value() instanceof String s && !s.isEmpty()) {
                    for (String v : s.split("\\\\")) {
                        if (vr == VR.PN) {
                            ctx.known().addName(v);
                        } else if (vr == VR.DA || vr == VR.DT) {
                            ctx.known().addDate(v);
                        } else {
                            ctx.known().addValue(v);
                        }
                    }
                }
                return;
            }
            switch (r.action()) {
                case KEEP -> {
                    if (vr.kind() == VR.Kind.TEXT && e.value() instanceof String s && !s.isEmpty()) {
                        String g = ctx.guardKept(s);
                        if (g != s) {
                            ds.setString(tag, vr, g);
                        }
                    }
                }
                case REMOVE -> {
                    ds.remove(tag);
                    ctx.counts().add(Action.REMOVE);
                }
                case EMPTY -> {
                    if (!e.isEmpty()) {
                        ds.setNull(tag, vr);
                        ctx.counts().add(Action.EMPTY);
                    }
                }
                case DUMMY -> {
                    dummy(ds, e, r);
                    ctx.counts().add(Action.DUMMY);
                }
                default -> transform(ds, e, r);
            }
        }

        private void sequence(Attributes ds, Attributes.Element e, Rule r, boolean clean) {
            Sequence seq = (Sequence) e.value();
            switch (r.action()) {
                case REMOVE -> {
                    if (!collect) {
                        ds.remove(e.tag());
                        ctx.counts().add(Action.REMOVE);
                    } else {
                        collectAll(seq);
                    }
                }
                case EMPTY, DUMMY -> {
                    if (!collect) {
                        Sequence s = ds.newSequence(e.tag());
                        if (r.action() == Action.DUMMY) {
                            s.addItem();
                        }
                        ctx.counts().add(r.action());
                    } else {
                        collectAll(seq);
                    }
                }
                default -> {
                    if (seq != null) {
                        for (Attributes item : seq) {
                            dataset(item, clean || r.action() == Action.CLEAN_TEXT);
                        }
                    }
                }
            }
        }

        private void collectAll(Sequence seq) {
            if (seq == null) {
                return;
            }
            for (Attributes item : seq) {
                for (Attributes.Element x : item.elements()) {
                    if (x.vr() == VR.SQ) {
                        collectAll((Sequence) x.value());
                    } else if (x.value() instanceof String s && !s.isEmpty() && x.vr() != VR.CS && x.vr() != VR.UI) {
                        if (x.vr() == VR.PN) {
                            ctx.known().addName(s);
                        } else {
                            ctx.known().addValue(s);
                        }
                    }
                }
            }
        }

        private void dummy(Attributes ds, Attributes.Element e, Rule r) {
            VR vr = e.vr();
            int tag = e.tag();
            switch (vr.kind()) {
                case INT -> ds.setLong(tag, vr, 0);
                case FLOAT -> ds.setDouble(tag, vr, 0);
                case BINARY -> ds.setBytes(tag, vr, new byte[2]);
                default -> ds.setString(tag, vr, switch (vr) {
                    case DA -> DUMMY_DA;
                    case DT -> DUMMY_DA + "000000";
                    case TM -> "000000";
                    case AS -> "000Y";
                    case DS, IS -> "0";
                    case UI -> ctx.identities().uid(e.value() instanceof String s && !s.isEmpty() ? s : "dummy:" + tag);
                    case PN -> r.argument() != null ? r.argument() : "ANONYMOUS";
                    default -> r.argument() != null ? r.argument() : "REMOVED";
                });
            }
        }

        private void transform(Attributes ds, Attributes.Element e, Rule r) {
            if (!(e.value() instanceof String s) || s.isEmpty()) {
                return;
            }
            VR vr = e.vr();
            String[] values = vr.isMultiValuedString() ? s.split("\\\\", -1) : new String[] {s};
            for (int i = 0; i < values.length; i++) {
                values[i] = value(values[i], vr, r);
            }
            String joined = String.join("\\", values);
            if (joined.replace("\\", "").isEmpty()) {
                ds.setNull(e.tag(), vr);
            } else {
                ds.setString(e.tag(), vr, joined);
            }
        }

        private String value(String v, VR vr, Rule r) {
            if (v.isEmpty()) {
                return v;
            }
            Action a = r.action();
            if (a == Action.YEAR_ONLY || a == Action.DATE_SHIFT) {
                datesChanged = true;
                if (vr == VR.TM) {
                    if (a == Action.YEAR_ONLY) {
                        ctx.counts().add(Action.YEAR_ONLY);
                        return "";
                    }
                    return v;
                }
                String out = ctx.transform(r, v);
                return vr == VR.DA && a == Action.YEAR_ONLY && out.length() == 4 ? out + "0101" : out;
            }
            if (a == Action.AGE_90 && vr == VR.AS) {
                return ageString(v);
            }
            return ctx.transform(r, v);
        }

        /** PS3.5 AS "nnnU": 90 years or more (in any unit) becomes "090Y". */
        private String ageString(String v) {
            if (v.length() != 4 || !Dates.digits(v, 0, 3)) {
                return v;
            }
            int n = Integer.parseInt(v.substring(0, 3));
            double years = switch (v.charAt(3)) {
                case 'D' -> n / 365.25;
                case 'W' -> n / 52.18;
                case 'M' -> n / 12.0;
                default -> n;
            };
            if (years >= 90) {
                ctx.counts().add(Action.AGE_90);
                return "090Y";
            }
            return v;
        }
    }
}
