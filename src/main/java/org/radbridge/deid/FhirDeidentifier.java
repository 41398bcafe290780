package org.radbridge.deid;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * De-identifies a FHIR R4 resource or Bundle (JSON) with a profile's {@link FhirRules}, over every element
 * of every resource type — extensions, contained resources and bundle entries included — using the HAPI
 * FHIR R4 structures. Two passes as for HL7 v2 (identifiers first, then changes, so clean-text knows the
 * names and numbers). Every changed resource gets meta.security labels from
 * http://terminology.hl7.org/CodeSystem/v3-ObservationValue: the profile's own (e.g. ANONYED, PSEUDED)
 * and REDACTED / PSEUDED / ABSTRED for what was removed, replaced or generalized.
 */
public final class FhirDeidentifier {

    static final String SECURITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private FhirDeidentifier() {
    }

    public static FhirContext context() {
        return FHIR;
    }

    static IParser parser() {
        return FHIR.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    }

    /** The de-identified JSON of a resource or bundle. */
    public static String deidentify(String json, DeidContext ctx) {
        Resource r;
        try {
            r = (Resource) parser().parseResource(json);
        } catch (RuntimeException e) {
            throw new DeidException("not a FHIR R4 JSON resource: " + e.getClass().getSimpleName());
        }
        deidentify(r, ctx);
        return parser().encodeResourceToString(r);
    }

    /** De-identifies a parsed resource in place. */
    public static void deidentify(Resource r, DeidContext ctx) {
        FhirRules rules = ctx.profile().fhir();
        if (rules == null) {
            throw new DeidException("profile " + ctx.profile().name() + " has no FHIR rules");
        }
        ctx.patientKey(patientKey(r));
        Run run = new Run(ctx, rules);
        run.collect = true;
        run.resource(r, "");
        run.collect = false;
        run.resource(r, "");
    }

    /** The original patient identifier (MR-typed first) of the first Patient in the resource or bundle. */
    static String patientKey(Resource r) {
        Patient p = null;
        if (r instanceof Patient pt) {
            p = pt;
        } else if (r instanceof Bundle b) {
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                if (e.getResource() instanceof Patient pt) {
                    p = pt;
                    break;
                }
            }
        }
        if (p == null) {
            return "";
        }
        for (Identifier id : p.getIdentifier()) {
            for (Coding c : id.getType().getCoding()) {
                if ("MR".equals(c.getCode()) && id.hasValue()) {
                    return id.getValue();
                }
            }
        }
        return p.getIdentifierFirstRep().hasValue() ? p.getIdentifierFirstRep().getValue() : "";
    }

    /** One pass over a resource tree. */
    private static final class Run {
        private record Frame(String name, String type, boolean resource) {
        }

        private final DeidContext ctx;
        private final FhirRules rules;
        private final List<Frame> stack = new ArrayList<>();
        private final List<EnumSet<Action>> used = new ArrayList<>();
        private final Map<String, String> identifierDomains = new HashMap<>();
        private final FhirIds ids;
        boolean collect;

        Run(DeidContext ctx, FhirRules rules) {
            this.ctx = ctx;
            this.rules = rules;
            this.ids = new FhirIds(ctx.identities(), identifierDomains, rules.domain(List.of(), ""));
        }

        void resource(Resource r, String name) {
            stack.add(new Frame(name, r.fhirType(), true));
            used.add(EnumSet.noneOf(Action.class));
            children(r, null);
            EnumSet<Action> u = used.remove(used.size() - 1);
            if (!collect) {
                label(r, u);
            }
            stack.remove(stack.size() - 1);
        }

        void children(Base node, String skip) {
            for (Property p : node.children()) {
                if (!p.hasValues()) {
                    continue;
                }
                String name = p.getName().endsWith("[x]") ? p.getName().substring(0, p.getName().length() - 3) : p.getName();
                if (name.equals(skip)) {
                    continue;
                }
                for (Base v : new ArrayList<>(p.getValues())) {
                    if (v == null) {
                        continue;
                    }
                    if (v instanceof Resource res) {
                        stack.add(new Frame(name, res.fhirType(), true));
                        Rule r = match();
                        stack.remove(stack.size() - 1);
                        if (r != null && r.action() != Action.KEEP) {
                            element(node, v, r);
                        } else if (r == null) {
                            resource(res, name);
                        }
                        continue;
                    }
                    stack.add(new Frame(name, v.fhirType(), false));
                    Rule r = match();
                    if (r == null && v instanceof Extension x && !rules.keepsExtension(x.getUrl())) {
                        r = Rule.REMOVE;
                    }
                    element(node, v, r);
                    stack.remove(stack.size() - 1);
                }
            }
        }

        private Rule match() {
            int top = stack.size() - 1;
            Frame self = stack.get(top);
            for (FhirRules.Entry e : rules.entries()) {
                String[] p = e.selector().path();
                if (p.length == 1) {
                    if (p[0].equals(self.type())) {
                        return e.rule();
                    }
                    continue;
                }
                int anc = top - (p.length - 1);
                if (anc < 0) {
                    continue;
                }
                boolean ok = true;
                for (int k = 1; k < p.length && ok; k++) {
                    ok = p[k].equals(stack.get(anc + k).name());
                }
                Frame a = stack.get(anc);
                if (ok && (p[0].equals("*") ? a.resource() : p[0].equals(a.type()))) {
                    return e.rule();
                }
            }
            return null;
        }

        private String resourceType() {
            for (int i = stack.size() - 1; i >= 0; i--) {
                if (stack.get(i).resource()) {
                    return stack.get(i).type();
                }
            }
            return "";
        }

        private void element(Base parent, Base v, Rule r) {
            if (r == null) {
                children(v, null);
                return;
            }
            switch (r.action()) {
                case KEEP -> { }
                case REMOVE, EMPTY -> remove(v, r);
                case DUMMY -> {
                    if (v instanceof PrimitiveType<?> p && "string".equals(p.fhirType())) {
                        if (!collect) {
                            p.setValueAsString(ctx.transform(r, "x"));
                            mark(r.action());
                        } else {
                            collectStrings(v, false);
                        }
                    } else {
                        remove(v, r);
                    }
                }
                case CLEAN_TEXT -> clean(v, r);
                default -> value(parent, v, r);
            }
        }

        private void remove(Base v, Rule r) {
            if (collect) {
                collectStrings(v, v instanceof HumanName);
                return;
            }
            if (!v.isEmpty()) {
                erase(v);
                ctx.counts().add(r.action());
                mark(r.action());
            }
        }

        private void clean(Base v, Rule r) {
            if (collect) {
                return;
            }
            if (v instanceof PrimitiveType<?> p) {
                if (p.hasValue() && (p.fhirType().equals("string") || p.fhirType().equals("markdown"))) {
                    String before = p.getValueAsString();
                    String after = ctx.transform(r, before);
                    if (!after.equals(before)) {
                        p.setValueAsString(after);
                        mark(Action.CLEAN_TEXT);
                    }
                }
                children(v, null);
            } else if (v instanceof Narrative n) {
                if (n.getDiv() != null) {
                    scrub(n.getDiv(), r);
                    mark(Action.CLEAN_TEXT);
                }
            } else {
                for (Property p : v.children()) {
                    for (Base c : p.getValues()) {
                        if (c != null && !(c instanceof Resource)) {
                            clean(c, r);
                        }
                    }
                }
            }
        }

        private void scrub(XhtmlNode node, Rule r) {
            if (node.getNodeType() == NodeType.Text && node.getContent() != null) {
                node.setContent(ctx.transform(r, node.getContent()));
            }
            for (XhtmlNode c : node.getChildNodes()) {
                scrub(c, r);
            }
        }

        /** surrogate, pseudonym, uid-remap, dates, zip3, age-90 on an element. */
        private void value(Base parent, Base v, Rule r) {
            boolean resourceIds = "resource-id".equals(r.argument());
            if (v instanceof Identifier id) {
                identifier(id, r);
                children(v, "value");
            } else if (v instanceof Reference ref) {
                if (ref.hasReference() && !collect) {
                    ref.setReference(ids.reference(ref.getReference()));
                    mark(r.action());
                    ctx.counts().add(r.action());
                }
                children(v, "reference");
            } else if (v instanceof Quantity q && r.action() == Action.AGE_90) {
                if (!collect && q.hasValue() && q.getValue().intValue() > 89) {
                    q.setValue(90);
                    mark(r.action());
                    ctx.counts().add(r.action());
                }
            } else if (v instanceof PrimitiveType<?> p) {
                primitive(parent, p, r, resourceIds);
            } else {
                remove(v, Rule.REMOVE);
            }
        }

        private void primitive(Base parent, PrimitiveType<?> p, Rule r, boolean resourceIds) {
            if (resourceIds && parent instanceof Resource res && stack.get(stack.size() - 1).name().equals("id")) {
                resourceId(res, r);
                return;
            }
            String s = p.getValueAsString();
            if (s == null || s.isEmpty()) {
                return;
            }
            if (collect) {
                if (!resourceIds) {
                    ctx.remember(r, s);
                }
                return;
            }
            String out;
            if (resourceIds) {
                out = ids.reference(s);
                ctx.counts().add(r.action());
            } else if (r.action() == Action.YEAR_ONLY && p.fhirType().equals("instant")) {
                erase(p);
                ctx.counts().add(Action.REMOVE);
                mark(Action.REMOVE);
                return;
            } else {
                out = ctx.transform(r, s);
            }
            if (out.isEmpty()) {
                erase(p);
            } else {
                p.setValueAsString(out);
            }
            mark(r.action());
        }

        /** Resource.id: a plain id, or the urn:uuid: of its bundle entry that the parser copied into it. */
        private void resourceId(Resource res, Rule r) {
            String v = res.getIdElement().getValue();
            if (collect || v == null || v.isEmpty()) {
                return;
            }
            String out = v.startsWith("urn:") ? ids.reference(v) : ids.newId(res.fhirType(), res.getIdElement().getIdPart());
            res.setIdElement(new org.hl7.fhir.r4.model.IdType(out));
            ctx.counts().add(r.action());
            mark(r.action());
        }

        private void identifier(Identifier id, Rule r) {
            if (!id.hasValue()) {
                return;
            }
            String value = id.getValue();
            List<String> codes = new ArrayList<>();
            id.getType().getCoding().forEach(c -> codes.add(c.getCode()));
            boolean uid = value.startsWith("urn:oid:") || rules.uidSystems().contains(id.getSystem());
            String domain = uid ? "uid" : r.action() == Action.UID_REMAP ? "uid" : rules.domain(codes, resourceType());
            if (collect) {
                identifierDomains.put(value, domain);
                ctx.known().addReplaced(value, value.startsWith("urn:oid:") ? "urn:oid:" + ctx.identities().uid(value.substring(8))
                        : ids.identifier(domain, value), "identifier");
                return;
            }
            String out = value.startsWith("urn:oid:") ? "urn:oid:" + ctx.identities().uid(value.substring(8))
                    : ids.identifier(domain, value);
            id.setValue(out);
            ctx.counts().add(r.action());
            mark(r.action());
        }

        private void collectStrings(Base v, boolean name) {
            if (v instanceof PrimitiveType<?> p) {
                if (p.hasValue() && !p.fhirType().equals("code") && !p.fhirType().equals("uri")) {
                    String s = p.getValueAsString();
                    if (name) {
                        ctx.known().addName(s);
                    } else if (p.fhirType().startsWith("date") || p.fhirType().equals("instant")) {
                        ctx.known().addDate(s.replace("-", ""));
                    } else {
                        ctx.known().addValue(s);
                    }
                }
                return;
            }
            for (Property p : v.children()) {
                for (Base c : p.getValues()) {
                    if (c != null) {
                        collectStrings(c, name);
                    }
                }
            }
        }

        private void mark(Action a) {
            if (!used.isEmpty()) {
                used.get(used.size() - 1).add(a);
            }
        }

        private void label(Resource r, EnumSet<Action> u) {
            List<String> codes = new ArrayList<>(rules.security());
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
                        .anyMatch(x -> SECURITY_SYSTEM.equals(x.getSystem()) && c.equals(x.getCode()));
                if (!present) {
                    r.getMeta().addSecurity(new Coding(SECURITY_SYSTEM, c, null));
                }
            }
        }
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
}
