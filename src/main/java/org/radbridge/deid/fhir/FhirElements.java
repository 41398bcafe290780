package org.radbridge.deid.fhir;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.radbridge.deid.Action;
import org.radbridge.deid.DeidContext;
import org.radbridge.deid.Rule;
import org.radbridge.deid.text.KnownIdentifiers;

/** Element operations of the FHIR walk: erase, collect identifiers, scrub narrative, security labels. */
final class FhirElements {

    private FhirElements() {
    }

    /** Empties an element and everything below it (the parser then leaves it out). */
    static void erase(Base b) {
        if (b instanceof PrimitiveType<?> p) {
            p.setValueAsString(null);
        }
        if (b instanceof Narrative n) {
            n.setDiv(null);
        }
        if (b instanceof DomainResource d) {
            d.setText(null);
        }
        for (Property p : b.children()) {
            for (Base c : p.getValues()) {
                if (c != null) {
                    erase(c);
                }
            }
        }
    }

    /** The strings under an element that leaves the output, as identifiers (names: every name part). */
    static void collect(Base v, boolean name, KnownIdentifiers known) {
        if (v instanceof PrimitiveType<?> p) {
            if (p.hasValue() && !p.fhirType().equals("code") && !p.fhirType().equals("uri")) {
                String s = p.getValueAsString();
                if (name) {
                    known.addName(s);
                } else if (p.fhirType().startsWith("date") || p.fhirType().equals("instant")) {
                    known.addDate(s.replace("-", ""));
                } else {
                    known.addValue(s);
                }
            }
            return;
        }
        for (Property p : v.children()) {
            for (Base c : p.getValues()) {
                if (c != null) {
                    collect(c, name, known);
                }
            }
        }
    }

    /**
     * meta.security of a changed resource (v3-ObservationValue): the profile's codes, REDACTED for removed,
     * PSEUDED for replaced, ABSTRED for generalized values.
     */
    static void label(Resource r, java.util.Set<String> profileCodes, EnumSet<Action> u) {
        List<String> codes = new ArrayList<>(profileCodes);
        if (u.contains(Action.REMOVE) || u.contains(Action.EMPTY) || u.contains(Action.DUMMY) || u.contains(Action.CLEAN_TEXT)) {
            codes.add("REDACTED");
        }
        if (u.contains(Action.SURROGATE) || u.contains(Action.PSEUDONYM) || u.contains(Action.UID_REMAP)
                || u.contains(Action.DATE_SHIFT)) {
            codes.add("PSEUDED");
        }
        if (u.contains(Action.YEAR_ONLY) || u.contains(Action.ZIP3) || u.contains(Action.AGE_90)) {
            codes.add("ABSTRED");
        }
        for (String c : codes) {
            boolean present = r.getMeta().getSecurity().stream()
                    .anyMatch(x -> FhirDeidentifier.SECURITY_SYSTEM.equals(x.getSystem()) && c.equals(x.getCode()));
            if (!present) {
                r.getMeta().addSecurity(new Coding(FhirDeidentifier.SECURITY_SYSTEM, c, null));
            }
        }
    }

    /** clean-text on the text nodes of a Narrative div. */
    static void scrub(XhtmlNode node, Rule r, DeidContext ctx) {
        if (node.getNodeType() == NodeType.Text && node.getContent() != null) {
            node.setContent(ctx.transform(r, node.getContent()));
        }
        for (XhtmlNode c : node.getChildNodes()) {
            scrub(c, r, ctx);
        }
    }
}
