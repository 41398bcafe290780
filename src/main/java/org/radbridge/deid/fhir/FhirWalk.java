package org.radbridge.deid.fhir;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.radbridge.deid.Action;
import org.radbridge.deid.DeidContext;
import org.radbridge.deid.Rule;

/**
 * One pass over a FHIR resource tree with a profile's {@link FhirRules}: collecting the identifiers the
 * profile removes or replaces, or changing the elements, then labelling each resource (meta.security).
 * The walk follows HAPI's element model ({@code Base.children()}): every element of every resource type,
 * extensions, contained resources and bundle entries.
 */
final class FhirWalk {
    private record Frame(String name, String type, boolean resource) {
    }

    private final DeidContext ctx;
    private final FhirRules rules;
    private final List<Frame> stack = new ArrayList<>();
    private final List<EnumSet<Action>> used = new ArrayList<>();
    private final Map<String, String> identifierDomains = new HashMap<>();
    private final FhirIds ids;
    boolean collect;

    FhirWalk(DeidContext ctx, FhirRules rules) {
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
            FhirElements.label(r, rules.security(), u);
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
                        FhirElements.collect(v, false, ctx.known());
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
            FhirElements.collect(v, v instanceof HumanName, ctx.known());
            return;
        }
        if (!v.isEmpty()) {
            FhirElements.erase(v);
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
                FhirElements.scrub(n.getDiv(), r, ctx);
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
            FhirElements.erase(p);
            ctx.counts().add(Action.REMOVE);
            mark(Action.REMOVE);
            return;
        } else {
            out = ctx.transform(r, s);
        }
        if (out.isEmpty()) {
            FhirElements.erase(p);
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


    private void mark(Action a) {
        if (!used.isEmpty()) {
            used.get(used.size() - 1).add(a);
        }
    }

}
