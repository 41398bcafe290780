package org.radbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.radbridge.app.Engine;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.deid.DeidAudit;
import org.radbridge.deid.DeidException;
import org.radbridge.deid.DeidSettings;
import org.radbridge.deid.Deidentifier;
import org.radbridge.deid.Payloads;
import org.radbridge.deid.dicom.AnnexE;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.store.Db;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `radbridge deid --profile NAME FILE` (design.md §3): prints the de-identified form of an HL7 v2 message,
 * a FHIR resource or bundle, or a DICOM file, with the same profiles, surrogate table and key as the
 * engine (radbridge.data-dir, radbridge.db.*, radbridge.deid.key, radbridge.deid.surrogate-key), to author
 * and check profiles. Every run is audited like the engine's de-identifications. The counts of actions go
 * to standard error.
 */
@Command(name = "deid", description = "Print the de-identified form of a message (HL7 v2, FHIR JSON or DICOM) with a profile of mappings/deid/.")
final class DeidCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, description = "hipaa-safe-harbor, limited-data-set, pseudonymized-research, dicom-basic, ...")
    String profile;

    @Option(names = "--option", description = "a PS3.15 Annex E option added to the profile's DICOM options (repeatable), e.g. retain-uids")
    List<String> options = new ArrayList<>();

    @Option(names = "--out", description = "write the de-identified bytes to this file instead of printing them")
    Path out;

    @Option(names = "--raw", description = "print HL7 v2 with CR segment separators (default: one segment per line)")
    boolean raw;

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG)")
    Path config;

    @Parameters(paramLabel = "FILE", description = "the message or DICOM file")
    Path file;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Settings s;
        try {
            s = Settings.load(config, System.getenv(), System.getProperties());
            s.validate();
        } catch (ConfigException e) {
            stderr.println(e.getMessage());
            return 2;
        }
        Path dataDir = s.dataDir();
        try (Db db = Db.open(new Db.Config(s.get("radbridge.db.url"), s.get("radbridge.db.user"), s.get("radbridge.db.password"),
                dataDir, s.get("radbridge.db.sqlite-synchronous"), 2, 64))) {
            Mappings mappings = new Mappings(dir(s.get("radbridge.mappings.dir")), dir(s.get("radbridge.mappings.overlay-dir")));
            Deidentifier deid = DeidSettings.deidentifier(s, mappings, db, Clock.systemUTC());
            List<AnnexE.Option> opts = new ArrayList<>();
            for (String o : options) {
                opts.add(AnnexE.Option.of(o));
            }
            byte[] in = Files.readAllBytes(file);
            Deidentifier.Result r = deid.deidentify(profile, opts, in, null);
            new JdbcAuditTrail(db, Engine.auditKey(s, dataDir)).record(DeidAudit.commandLine(r, System.getProperty("user.name", "?"),
                    file.getFileName().toString()));
            if (out != null) {
                Files.write(out, r.payload());
            } else {
                stdout.print(render(r));
                stdout.flush();
            }
            stderr.println(r.profile().label() + " (" + r.profile().legalBasis().code() + ", " + r.profile().legalBasis().citation()
                    + "), key " + r.keyId() + ": " + r.counts().actions() + (r.counts().text().isEmpty() ? "" : ", from text " + r.counts().text()));
            stderr.flush();
            return 0;
        } catch (ConfigException e) {
            stderr.println(e.getMessage());
            return 2;
        } catch (DeidException | MappingException | IllegalArgumentException e) {
            stderr.println("cannot de-identify " + file + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            stderr.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private String render(Deidentifier.Result r) {
        switch (r.format()) {
            case HL7 -> {
                Charset cs = Payloads.charsetOf(r.payload());
                String text = new String(r.payload(), cs);
                return raw ? text : text.replace('\r', '\n');
            }
            case FHIR -> {
                var p = FhirDeidentifier.context().newJsonParser().setPrettyPrint(true);
                return p.encodeResourceToString(p.parseResource(new String(r.payload(), StandardCharsets.UTF_8))) + "\n";
            }
            default -> {
                try {
                    return DicomFile.read(r.payload()).dataset().toString();
                } catch (IOException e) {
                    throw new DeidException("cannot read the de-identified DICOM data set back: " + e.getMessage());
                }
            }
        }
    }

    private static Path dir(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }
}
