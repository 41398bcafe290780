package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.GenericModelClassFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;

/**
 * De-identified output stays valid for its readers: HL7 v2 parsed by HAPI HL7 v2 (typed structures for
 * v2.3.1 and v2.5.1, with HAPI's default validation; generic otherwise) whenever HAPI parses the input
 * (some corpus messages are malformed on purpose), FHIR checked by the HAPI FHIR validator (no error),
 * DICOM read by DCMTK dcmdump (exit 0, no error).
 */
class DeidParseabilityTest {

    static final List<String> PROFILES = List.of("hipaa-safe-harbor", "limited-data-set", "pseudonymized-research");
    static DeidTesting deid;

    @BeforeAll
    static void start() throws Exception {
        deid = DeidTesting.start();
    }

    @AfterAll
    static void stop() {
        deid.close();
    }

    @Test
    void hl7OutputIsParsedByHapi() throws Exception {
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        try (HapiContext typed = new DefaultHapiContext(); HapiContext generic = new DefaultHapiContext(new GenericModelClassFactory())) {
            List<Path> inputs = new ArrayList<>();
            for (Path s : Scenarios.all()) {
                if (s.getFileName().toString().startsWith("malformed")) {
                    continue;
                }
                inputs.addAll(Scenarios.messages(s));
            }
            inputs.addAll(ProjectPaths.corpusFiles());
            for (Path f : inputs) {
                byte[] bytes = Files.readAllBytes(f);
                String text = new String(bytes, Payloads.charsetOf(bytes)).replace("\n", "\r");
                if (!hapiParses(text, typed, generic)) {
                    continue; // a malformed corpus message: HAPI refuses the input already
                }
                for (String profile : PROFILES) {
                    String out;
                    try {
                        Deidentifier.Result r = deid.run(profile, bytes);
                        out = new String(r.payload(), Payloads.charsetOf(r.payload()));
                    } catch (DeidException e) {
                        continue; // batches, empty and binary files of the corpus
                    }
                    String version = org.radbridge.hl7.Hl7Parser.parse(out).version();
                    HapiContext ctx = version.equals("2.5.1") || version.equals("2.3.1") ? typed : generic;
                    try {
                        Message m = ctx.getPipeParser().parse(out);
                        assertTrue(m.encode().startsWith("MSH"));
                        parsed++;
                    } catch (Exception e) {
                        problems.add(f.getFileName() + " " + profile + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(parsed >= 150, "outputs parsed: " + parsed);
    }

    static boolean hapiParses(String text, HapiContext typed, HapiContext generic) {
        try {
            org.radbridge.hl7.Hl7Message m = org.radbridge.hl7.Hl7Parser.parse(text);
            if (m.msh().field(2).length() != 4) {
                return false; // MSH-2 of 5 characters (a corpus negative test): no reader agrees on the delimiters
            }
            String version = m.version();
            (version.equals("2.5.1") || version.equals("2.3.1") ? typed : generic).getPipeParser().parse(text.strip());
            return true;
        } catch (Exception | StackOverflowError e) {
            return false;
        }
    }

    @Test
    void fhirOutputPassesTheValidator() throws Exception {
        FhirContext ctx = FhirDeidentifier.context();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new SnapshotGeneratingValidationSupport(ctx));
        FhirValidator validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        String in = Files.readString(Scenarios.dir("deid-canary-fhir").resolve("bundle.json"));
        assertEquals(List.of(), errors(validator.validateWithResult(in)), "the fixture itself is valid");
        for (String profile : PROFILES) {
            String out = deid.fhir(profile, in);
            assertEquals(List.of(), errors(validator.validateWithResult(out)), profile + ":\n" + out);
        }
        // the bundles the engine's FHIR flows make (FhirGoldenTest's expected/fhir-*.json), through Safe Harbor
        int checked = 0;
        for (Path s : Scenarios.all()) {
            Path exp = s.resolve("expected");
            if (!Files.isDirectory(exp)) {
                continue;
            }
            try (var files = Files.list(exp)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("fhir-.*\\.json")).toList()) {
                    String bundle = Files.readString(f);
                    List<String> before = errors(validator.validateWithResult(bundle));
                    List<String> after = new ArrayList<>(errors(validator.validateWithResult(deid.fhir("hipaa-safe-harbor", bundle))));
                    after.removeAll(before);
                    assertEquals(List.of(), after, f.toString());
                    checked++;
                }
            }
        }
        assertTrue(checked >= 5, "flow bundles checked: " + checked);
    }

    static List<String> errors(ValidationResult r) {
        List<String> e = new ArrayList<>();
        for (SingleValidationMessage m : r.getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                e.add(m.getLocationString() + ": " + m.getMessage());
            }
        }
        return e;
    }

    @Test
    void dicomOutputIsReadByDcmdump(@TempDir Path dir) throws Exception {
        Dcmtk.assumeAvailable("dump2dcm", "dcmdump");
        Path in = Dcmtk.dump2dcm(Files.readString(Scenarios.dir("deid-canary-dicom").resolve("dataset.dump")), dir.resolve("in.dcm"));
        for (String profile : List.of("hipaa-safe-harbor", "limited-data-set", "pseudonymized-research", "dicom-basic")) {
            Path out = dir.resolve(profile + ".dcm");
            Files.write(out, deid.run(profile, Files.readAllBytes(in)).payload());
            Dcmtk.Result r = Dcmtk.dcmdump(out, "-E");
            r.assertOk("dcmdump " + profile);
            assertTrue(!r.stderr().contains("E:") && !r.stdout().contains("E:"), profile + ": " + r.all());
            assertTrue(r.stdout().contains("(0012,0062) CS [YES]"), r.stdout());
            assertTrue(new String(Files.readAllBytes(out), 128, 4, StandardCharsets.US_ASCII).equals("DICM"));
        }
    }
}
