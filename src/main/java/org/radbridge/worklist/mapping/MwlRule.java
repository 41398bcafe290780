package org.radbridge.worklist.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.dicom.Dictionary;
import org.radbridge.order.OrderIdentifiers.Source;

/**
 * One line of a mappings/hl7-to-mwl/ file: a DICOM target (keyword path, '>' descends into the first item
 * of a sequence) and where its value comes from. Keys:
 * <ul>
 *   <li>{@code to}: e.g. {@code PatientName} or {@code ScheduledProcedureStepSequence>Modality};</li>
 *   <li>{@code from}: an HL7 path or a list (the first non-empty wins); {@code header:} before a path reads
 *       the segments before the first ORC only;</li>
 *   <li>{@code fn}: a named function of {@link MwlFunctions} applied to each source;</li>
 *   <li>{@code table}: a code table of mappings/codes/ ({@code unmapped: keep} passes unlisted codes through);</li>
 *   <li>{@code const}: a constant value;</li>
 *   <li>{@code code}: [value, scheme, meaning] paths: one code sequence item (Code Value, Coding Scheme
 *       Designator, Code Meaning);</li>
 *   <li>{@code repeat: true}: every repetition, as a multi-valued attribute;</li>
 *   <li>{@code when}: {option: value or [values]}: only when a switch of options.yaml has that value;</li>
 *   <li>{@code type2: true}: present with zero length when no value (PS3.4 K.6 return key type 2);</li>
 *   <li>{@code invalid: reject}: an invalid value refuses the message (AE 102) instead of being dropped.</li>
 * </ul>
 * The first rule that gives a target a value wins; later rules for the same target are fallbacks.
 */
public record MwlRule(String to, int[] tags, List<Source> from, String fn, String table, boolean keepUnmapped,
        String constant, List<Source> code, Map<String, Set<String>> when, boolean repeat, boolean type2,
        boolean rejectInvalid) {


    /** Reads one rule; {@code file} names the mapping file in messages. */
    public static MwlRule parse(JsonNode n, String file) {
        String to = n.path("to").asText("");
        if (to.isEmpty()) {
            throw new IllegalArgumentException(file + ": a rule without 'to'");
        }
        String[] parts = to.split(">");
        int[] tags = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int tag = Dictionary.tagOf(parts[i].trim());
            if (tag == -1) {
                throw new IllegalArgumentException(file + ": unknown DICOM keyword " + parts[i] + " in " + to);
            }
            tags[i] = tag;
        }
        List<Source> from = sources(n.get("from"), file, to);
        List<Source> code = sources(n.get("code"), file, to);
        if (!code.isEmpty() && code.size() != 3) {
            throw new IllegalArgumentException(file + ": " + to + ": code needs [value, scheme, meaning]");
        }
        String fn = n.path("fn").asText(null);
        if (fn != null && !MwlFunctions.exists(fn)) {
            throw new IllegalArgumentException(file + ": " + to + ": unknown function " + fn);
        }
        Map<String, Set<String>> when = new java.util.LinkedHashMap<>();
        n.path("when").fields().forEachRemaining(e -> {
            Set<String> vals = new java.util.HashSet<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> vals.add(v.asText()));
            } else {
                vals.add(e.getValue().asText());
            }
            when.put(e.getKey(), vals);
        });
        String constant = n.has("const") ? n.get("const").asText() : null;
        if (from.isEmpty() && code.isEmpty() && constant == null && fn == null && !n.path("type2").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": " + to + ": needs from, code, const or fn");
        }
        return new MwlRule(to, tags, from, fn, n.path("table").asText(null), "keep".equals(n.path("unmapped").asText("")),
                constant, code, when, n.path("repeat").asBoolean(false), n.path("type2").asBoolean(false),
                "reject".equals(n.path("invalid").asText("")));
    }

    private static List<Source> sources(JsonNode n, String file, String to) {
        List<Source> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        try {
            if (n.isArray()) {
                n.forEach(x -> out.add(Source.parse(x.asText())));
            } else {
                out.add(Source.parse(n.asText()));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + to + ": " + e.getMessage());
        }
        return out;
    }

    /** True if the target is inside the Scheduled Procedure Step Sequence. */
    public boolean inStep() {
        return tags.length > 1 && tags[0] == org.radbridge.dicom.Tag.ScheduledProcedureStepSequence;
    }

    /** The first source path, for error locations ("OBR-18"). */
    public String firstPath() {
        if (!from.isEmpty()) {
            return from.get(0).path().toString();
        }
        return code.isEmpty() ? null : code.get(0).path().toString();
    }
}
