package org.radbridge.deid;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.Golden;
import org.radbridge.testing.Scenarios;

/**
 * Golden outputs per profile (test-messages/SCENARIO/expected/deid-PROFILE.*): what each profile keeps
 * and what it changes, for HL7 v2 scenarios, the FHIR canary bundle and the DICOM canary header.
 * Surrogates of the table profiles are random, so they are written as {@code <code-1>},
 * {@code <uid-1>}, {@code <uuid-1>} in order of appearance (the same surrogate, the same placeholder);
 * pseudonymized-research is deterministic under the test key and is compared as is.
 */
class DeidGoldenTest {

    static final List<String> HL7_SCENARIOS = List.of("oru-r01-report", "orm-o01-ris-new-ct", "omi-o23-ris-two-ipc",
            "omg-o19-emr-order", "adt-a08-update", "adt-a40-merge", "deid-canary-adt", "deid-canary-oru");
    static final List<String> HL7_PROFILES = List.of("hipaa-safe-harbor", "limited-data-set", "pseudonymized-research");
    static final List<String> DICOM_PROFILES = List.of("hipaa-safe-harbor", "limited-data-set", "pseudonymized-research", "dicom-basic");

    static DeidTesting deid;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        deid = DeidTesting.start();
    }

    @AfterAll
    static void stop() {
        deid.close();
    }

    @TestFactory
    List<DynamicTest> hl7() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String scenario : HL7_SCENARIOS) {
            for (String profile : HL7_PROFILES) {
                tests.add(DynamicTest.dynamicTest(scenario + " " + profile, () -> {
                    Path dir = Scenarios.dir(scenario);
                    StringBuilder out = new StringBuilder();
                    for (Path m : Scenarios.messages(dir)) {
                        out.append(deid.hl7(profile, Files.readString(m, StandardCharsets.ISO_8859_1))).append('\n');
                    }
                    Golden.assertMatches(dir.resolve("expected/deid-" + profile + ".hl7"), mask(profile, out.toString()));
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> fhir() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String profile : HL7_PROFILES) {
            tests.add(DynamicTest.dynamicTest("deid-canary-fhir " + profile, () -> {
                Path dir = Scenarios.dir("deid-canary-fhir");
                String out = deid.fhir(profile, Files.readString(dir.resolve("bundle.json")));
                IBaseResource r = FhirDeidentifier.context().newJsonParser().parseResource(out);
                String pretty = FhirDeidentifier.context().newJsonParser().setPrettyPrint(true).encodeResourceToString(r);
                Golden.assertMatches(dir.resolve("expected/deid-" + profile + ".json"), mask(profile, pretty));
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> dicom() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String profile : DICOM_PROFILES) {
            tests.add(DynamicTest.dynamicTest("deid-canary-dicom " + profile, () -> {
                Dcmtk.assumeAvailable("dump2dcm");
                Path dir = Scenarios.dir("deid-canary-dicom");
                Path in = Dcmtk.dump2dcm(Files.readString(dir.resolve("dataset.dump")), tmp.resolve(profile + ".dcm"));
                Deidentifier.Result r = deid.run(profile, Files.readAllBytes(in));
                String json = DicomJson.write(DicomFile.read(r.payload()).dataset(), true);
                Golden.assertMatches(dir.resolve("expected/deid-" + profile + ".json"), mask(profile, json));
            }));
        }
        return tests;
    }

    private static final Pattern RANDOM = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z][0-9A-HJKMNP-TV-Z]{11}(?![A-Za-z0-9])|2\\.25\\.\\d{10,}|[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    /** Random surrogates (table profiles) as numbered placeholders; keyed output as is. */
    static String mask(String profile, String text) {
        if (profile.equals("pseudonymized-research")) {
            return text;
        }
        Map<String, String> seen = new LinkedHashMap<>();
        int[] n = new int[3];
        Matcher m = RANDOM.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = m.group();
            String p = seen.computeIfAbsent(v, k -> {
                int kind = k.startsWith("2.25.") ? 1 : k.indexOf('-') > 0 ? 2 : 0;
                return "<" + new String[] {"code", "uid", "uuid"}[kind] + "-" + (++n[kind]) + ">";
            });
            m.appendReplacement(sb, Matcher.quoteReplacement(p));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
