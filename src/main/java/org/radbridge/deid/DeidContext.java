package org.radbridge.deid;

import java.time.LocalDate;
import org.radbridge.deid.keys.Identities;
import org.radbridge.deid.text.KnownIdentifiers;
import org.radbridge.deid.text.TextScrubber;

/**
 * The state of one de-identification: the profile, where replacement identities come from, the
 * identifiers known from the message (for clean-text), the patient (for the date shift), the day ages
 * are computed on, and the counts for the audit. Value actions that do not depend on the format are here.
 */
public final class DeidContext {

    private final Profile profile;
    private final Identities identities;
    private final LocalDate today;
    private final KnownIdentifiers known = new KnownIdentifiers();
    private final Counts counts = new Counts();
    private String patientKey = "";
    private Integer shift;
    private final java.util.Map<String, String> replacements = new java.util.HashMap<>();

    public DeidContext(Profile profile, Identities identities, LocalDate today) {
        this.profile = profile;
        this.identities = identities;
        this.today = today;
    }

    public Profile profile() {
        return profile;
    }

    public KnownIdentifiers known() {
        return known;
    }

    public Counts counts() {
        return counts;
    }

    public LocalDate today() {
        return today;
    }

    public Identities identities() {
        return identities;
    }

    /** The patient whose date shift applies (PID-3.1, Patient.identifier, Patient ID): the original value. */
    public void patientKey(String key) {
        this.patientKey = key == null ? "" : key.strip();
        this.shift = null;
    }

    public int shiftDays() {
        if (shift == null) {
            shift = identities.dateShiftDays(patientKey);
        }
        return shift;
    }

    /** The replacement code of an identifier (computed once per message). */
    public String code(String domain, String value) {
        return replacements.computeIfAbsent(domain + '\u001F' + value, k -> identities.code(domain, value));
    }

    /** The new UID of a UID (computed once per message). */
    public String uid(String value) {
        return replacements.computeIfAbsent("\u001Fuid\u001F" + value, k -> identities.uid(value));
    }

    /** Remembers the value a rule removes or replaces, so clean-text finds it in free text. */
    public void remember(Rule r, String value) {
        if (value == null || value.isEmpty() || !r.action().removesValue()) {
            return;
        }
        switch (r.action()) {
            case DATE_SHIFT -> { } // dates in free text are shifted by the same days (TextScrubber), not removed
            case YEAR_ONLY -> known.addDate(value);
            case UID_REMAP -> known.addReplaced(value, uid(value.strip()), "uid");
            case SURROGATE, PSEUDONYM -> known.addReplaced(value, code(r.argument(), value.strip()), "identifier");
            default -> known.addValue(value);
        }
    }

    /** A new value for a decoded leaf value under a rule; counts the change. "" removes it. */
    public String transform(Rule r, String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        String out = switch (r.action()) {
            case KEEP -> value;
            case REMOVE, EMPTY -> "";
            case DUMMY -> r.argument() == null ? "REMOVED" : r.argument();
            case SURROGATE, PSEUDONYM -> code(r.argument(), value.strip());
            case UID_REMAP -> uid(value.strip());
            case DATE_SHIFT -> Dates.shift(value.strip(), shiftDays());
            case YEAR_ONLY -> r.isBirthDate() && Dates.maxAge(value.strip(), today) >= 90 ? "" : Dates.year(value.strip());
            case ZIP3 -> profile.zip3().apply(value);
            case AGE_90 -> age90(value);
            case CLEAN_TEXT -> scrub(value);
        };
        if (r.action() != Action.KEEP && !(r.action() == Action.CLEAN_TEXT && out.equals(value))
                && !(r.action() == Action.AGE_90 && out.equals(value))) {
            counts.add(r.action());
        }
        return out;
    }

    /**
     * Free text without the message's identifiers and identifier-like patterns. A long value without
     * spaces or line breaks (base64 of an embedded PDF or image, HL7 v2 ED) cannot be scrubbed: removed.
     */
    public String scrub(String text) {
        if (text.length() > 256 && text.indexOf(' ') < 0 && text.indexOf('\n') < 0) {
            counts.removed("embedded");
            return "[REMOVED]";
        }
        return profile.scrubber().scrub(text, known, profile.textDates() == TextScrubber.DateMode.SHIFT ? shiftDays() : 0,
                this::uid, counts);
    }

    /**
     * A value the profile keeps, guarded: if it is an identifier known from elsewhere in the message (an
     * account number reused as an observation code, a name inside a procedure description), it is
     * replaced all the same. Whole values are looked up; values with a space or of 8 characters or more
     * are searched. Name parts shorter than 4 letters do not count here ("RAD" the radiologist is also
     * the code of a department). Returns the value itself when nothing matched.
     */
    public String guardKept(String value) {
        if (known.isEmpty() || value.isEmpty()) {
            return value;
        }
        KnownIdentifiers.Needle n = known.exact(KnownIdentifiers.fold(value.strip()));
        if (n != null && KnownIdentifiers.guardsKept(n)) {
            counts.removed(n.kind());
            return n.label();
        }
        if (value.indexOf(' ') >= 0 || value.length() >= 8) {
            String s = TextScrubber.knownOnly(value, known, counts);
            return s == null ? value : s;
        }
        return value;
    }

    /** An age in years over 89 becomes 90 (the "90 or older" category); other values are kept. */
    static String age90(String value) {
        String v = value.strip();
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 3) {
            return i > 3 ? "90" : value;
        }
        int years = Integer.parseInt(v.substring(0, i));
        return years > 89 ? "90" + v.substring(i) : value;
    }
}
