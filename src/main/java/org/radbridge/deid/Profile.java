package org.radbridge.deid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.radbridge.deid.dicom.AnnexE;
import org.radbridge.deid.dicom.DicomRules;
import org.radbridge.deid.fhir.FhirRules;
import org.radbridge.deid.hl7.Hl7Rules;
import org.radbridge.deid.text.TextScrubber;

/**
 * A de-identification profile (mappings/deid/NAME.yaml, design.md §6): its legal basis, where
 * replacement identities come from ({@code identity: table} — random surrogates in the protected table —
 * or {@code keyed} — HMAC-SHA-256 pseudonyms under radbridge.deid.key), what free text keeps of dates and
 * ages, the restricted ZIP3 list, and rules for HL7 v2, FHIR R4 and DICOM (each optional).
 */
public final class Profile {

    /** Where replacements come from. */
    public enum IdentityScheme {
        TABLE, KEYED
    }

    private final String name;
    private final int version;
    private final LegalBasis legalBasis;
    private final IdentityScheme identity;
    private final int dateShiftDays;
    private final TextScrubber.DateMode textDates;
    private final boolean capAges;
    private final Zip3 zip3;
    private final Hl7Rules hl7;
    private final FhirRules fhir;
    private final DicomRules dicom;
    private final TextScrubber scrubber;

    Profile(String name, int version, LegalBasis legalBasis, IdentityScheme identity, int dateShiftDays,
            TextScrubber.DateMode textDates, boolean capAges, Zip3 zip3, Hl7Rules hl7, FhirRules fhir, DicomRules dicom) {
        this.name = name;
        this.version = version;
        this.legalBasis = legalBasis;
        this.identity = identity;
        this.dateShiftDays = dateShiftDays;
        this.textDates = textDates;
        this.capAges = capAges;
        this.zip3 = zip3;
        this.hl7 = hl7;
        this.fhir = fhir;
        this.dicom = dicom;
        this.scrubber = new TextScrubber(textDates, capAges);
    }

    /** Builds a profile from its YAML tree (the file's name is the profile's name). */
    static Profile of(String name, JsonNode n, Zip3 zip3) {
        JsonNode lb = n.path("legal-basis");
        if (!lb.hasNonNull("code") || !lb.hasNonNull("citation")) {
            throw new IllegalArgumentException("legal-basis needs a code and a citation");
        }
        LegalBasis basis = new LegalBasis(lb.get("code").asText(), lb.get("citation").asText(), lb.path("summary").asText(""));
        IdentityScheme scheme = IdentityScheme.valueOf(n.path("identity").asText("table").toUpperCase(Locale.ROOT));
        int shiftDays = n.path("date-shift-days").asInt(365);
        if (shiftDays < 1 || shiftDays > 3650) {
            throw new IllegalArgumentException("date-shift-days must be between 1 and 3650");
        }
        TextScrubber.DateMode dates = TextScrubber.DateMode.of(n.path("text").path("dates").asText("remove"));
        boolean cap = !"keep".equalsIgnoreCase(n.path("text").path("ages-over-89").asText("cap"));
        Hl7Rules hl7 = n.has("hl7") ? Hl7Rules.compile(n.get("hl7")) : null;
        FhirRules fhir = n.has("fhir") ? FhirRules.compile(n.get("fhir")) : null;
        DicomRules dicom = n.has("dicom") ? DicomRules.compile(n.get("dicom")) : null;
        Profile p = new Profile(name, n.path("version").asInt(1), basis, scheme, shiftDays, dates, cap, zip3, hl7, fhir, dicom);
        p.checkScheme();
        return p;
    }

    /** A surrogate rule needs the table scheme, a pseudonym rule the keyed one: say so at load time. */
    private void checkScheme() {
        Action wrong = identity == IdentityScheme.TABLE ? Action.PSEUDONYM : Action.SURROGATE;
        for (Rule r : allRules()) {
            if (r.action() == wrong) {
                throw new IllegalArgumentException("rule \"" + r + "\" does not fit identity: " + identity.name().toLowerCase(Locale.ROOT)
                        + " (use " + (wrong == Action.PSEUDONYM ? "surrogate" : "pseudonym") + ")");
            }
        }
    }

    List<Rule> allRules() {
        List<Rule> l = new java.util.ArrayList<>();
        if (hl7 != null) {
            l.addAll(hl7.rules());
        }
        if (fhir != null) {
            l.addAll(fhir.rules());
        }
        if (dicom != null) {
            l.addAll(dicom.rules());
        }
        return l;
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public LegalBasis legalBasis() {
        return legalBasis;
    }

    public IdentityScheme identity() {
        return identity;
    }

    /** True when the profile needs radbridge.deid.key. */
    public boolean keyed() {
        return identity == IdentityScheme.KEYED;
    }

    public int dateShiftDays() {
        return dateShiftDays;
    }

    public TextScrubber.DateMode textDates() {
        return textDates;
    }

    public boolean capAges() {
        return capAges;
    }

    public Zip3 zip3() {
        return zip3;
    }

    public Hl7Rules hl7() {
        return hl7;
    }

    public FhirRules fhir() {
        return fhir;
    }

    public DicomRules dicom() {
        return dicom;
    }

    TextScrubber scrubber() {
        return scrubber;
    }

    /** "hipaa-safe-harbor v1": what provenance fields carry. */
    public String label() {
        return name + " v" + version;
    }

    /** The same profile with further DICOM options (a target's or the command line's). */
    public Profile withDicomOptions(List<AnnexE.Option> options) {
        if (options.isEmpty() || dicom == null) {
            return this;
        }
        return new Profile(name, version, legalBasis, identity, dateShiftDays, textDates, capAges, zip3, hl7, fhir,
                dicom.withOptions(options));
    }
}
