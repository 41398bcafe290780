package org.radbridge.deid;

import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.radbridge.deid.dicom.AnnexE;
import org.radbridge.deid.dicom.DicomDeidentifier;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.deid.hl7.Hl7Deidentifier;
import org.radbridge.deid.keys.Identities;
import org.radbridge.deid.keys.KeyedIdentities;
import org.radbridge.deid.keys.SurrogateTable;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;

/**
 * The de-identification engine's entry point: a payload (HL7 v2, FHIR JSON or DICOM) and a profile in, the
 * de-identified payload and the counts for the audit out. Replacement identities come from the
 * protected surrogate table (profiles with {@code identity: table}) or from the HMAC key (keyed profiles,
 * which fail with a message naming radbridge.deid.key when there is none). Thread-safe.
 */
public final class Deidentifier {

    /** The outcome of one de-identification. */
    public record Result(byte[] payload, Payloads.Format format, Profile profile, String keyId, Counts counts) {
    }

    private final Profiles profiles;
    private final Supplier<SurrogateTable.Store> table;
    private final byte[] key;
    private final Clock clock;
    private final Map<String, Identities> identities = new ConcurrentHashMap<>();

    /**
     * @param table the surrogate table's database and secret (opened on first use; null = none)
     * @param key radbridge.deid.key, or null
     */
    public Deidentifier(Profiles profiles, Supplier<SurrogateTable.Store> table, byte[] key, Clock clock) {
        this.profiles = profiles;
        this.table = table;
        this.key = key == null || key.length == 0 ? null : key.clone();
        this.clock = clock;
    }

    public Profiles profiles() {
        return profiles;
    }

    /** The identities of a profile; a keyed profile without a key fails here (and at start-up). */
    public Identities identities(Profile p) {
        return identities.computeIfAbsent(p.identity() + "/" + p.dateShiftDays(), k -> {
            if (p.keyed()) {
                if (key == null) {
                    throw new DeidException("profile " + p.name() + " needs radbridge.deid.key (keyed pseudonyms), which is not set");
                }
                return new KeyedIdentities(key, p.dateShiftDays());
            }
            SurrogateTable.Store s = table == null ? null : table.get();
            if (s == null) {
                throw new DeidException("profile " + p.name() + " needs the surrogate table, which is not available");
            }
            return new SurrogateTable(s.db(), s.secret(), p.dateShiftDays());
        });
    }

    public Result deidentify(String profileName, List<AnnexE.Option> options, byte[] payload, String contentType) {
        Profile p = profiles.get(profileName).withDicomOptions(options);
        return deidentify(p, payload, contentType);
    }

    public Result deidentify(Profile p, byte[] payload, String contentType) {
        Payloads.Format f = Payloads.detect(payload, contentType);
        DeidContext ctx = new DeidContext(p, identities(p), LocalDate.now(clock));
        byte[] out = switch (f) {
            case HL7 -> hl7(payload, ctx);
            case FHIR -> FhirDeidentifier.deidentify(new String(payload, java.nio.charset.StandardCharsets.UTF_8), ctx)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case DICOM -> dicom(payload, ctx);
        };
        return new Result(out, f, p, ctx.identities().keyId(), ctx.counts());
    }

    private static byte[] hl7(byte[] payload, DeidContext ctx) {
        String text = Payloads.utf8(payload);
        Charset cs = text != null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.StandardCharsets.ISO_8859_1;
        Hl7Message m;
        try {
            m = Hl7Parser.parse(text != null ? text : new String(payload, cs));
        } catch (Hl7Error e) {
            throw new DeidException("not an HL7 v2 message: " + e.getMessage());
        }
        if (!m.msh().is("MSH")) {
            throw new DeidException("HL7 batches (FHS/BHS) are not de-identified: one message per entry");
        }
        return Hl7Deidentifier.deidentify(m, ctx).getBytes(cs);
    }

    private static byte[] dicom(byte[] payload, DeidContext ctx) {
        DicomFile in;
        try {
            in = DicomFile.read(payload);
        } catch (IOException | RuntimeException e) {
            throw new DeidException("not a readable DICOM data set: " + e.getMessage());
        }
        Attributes out = DicomDeidentifier.deidentify(in.dataset(), ctx);
        String sopClass = in.fileMeta().getString(org.radbridge.dicom.Tag.MediaStorageSOPClassUID,
                org.radbridge.dicom.UID.ModalityWorklistInformationModelFind);
        TransferSyntax ts = in.transferSyntax() == null ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : in.transferSyntax();
        return DicomFile.of(out, ts, sopClass).toByteArray();
    }
}
