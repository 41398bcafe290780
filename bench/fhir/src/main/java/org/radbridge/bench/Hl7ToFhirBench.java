package org.radbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.linuxforhealth.hl7.ConverterOptions;
import io.github.linuxforhealth.hl7.HL7ToFHIRConverter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.radbridge.fhir.FhirMapper;
import org.radbridge.fhir.FhirMappings;
import org.radbridge.fhir.OrderToFhir;
import org.radbridge.fhir.ReportToFhir;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;

/**
 * HL7 v2 -> FHIR R4 transaction Bundle as JSON text, single thread, after warm-up: RadBridge (own HL7 parser,
 * mappings/hl7-to-fhir, Jackson) against LinuxForHealth hl7v2-fhir-converter v1.1.0 (HAPI HL7 parse, YAML/JEXL
 * templates, HAPI FHIR encode), on the same ORM^O01 and ORU^R01, in one JVM. Prints messages/s (wall and thread
 * CPU) and what each produced. Usage: Hl7ToFhirBench PROJECT_DIR [warmup] [measured] [rounds]
 */
public final class Hl7ToFhirBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Map<String, String> messages = new TreeMap<>();
        messages.put("ORM^O01", read(project.resolve("test-messages/orm-o01-ris-new-ct/message.hl7")));
        messages.put("ORU^R01", read(project.resolve("test-messages/oru-r01-report/message.hl7")));

        Mappings mappings = new Mappings(project.resolve("mappings"), null);
        FhirMappings fm = new FhirMappings(mappings);
        Hl7Peers peers = Hl7Peers.load(mappings);
        ZoneId zone = ZoneId.of("America/Chicago");
        FhirMapper order = new OrderToFhir(fm, zone);
        FhirMapper report = new ReportToFhir(fm, zone);
        Function<String, String> radbridge = text -> {
            Hl7Message m = Hl7Parser.parse(text);
            Hl7Peer peer = peers.match(m.sendingApplication(), m.sendingFacility());
            FhirMapper mapper = m.messageCode().equals("ORU") ? report : order;
            return new String(FhirJson.compactBytes(mapper.map(m, peer, null).bundle()), StandardCharsets.UTF_8);
        };

        long t0 = System.nanoTime();
        HL7ToFHIRConverter l4h = new HL7ToFHIRConverter();
        ConverterOptions options = new ConverterOptions.Builder().withBundleType(Bundle.BundleType.TRANSACTION)
                .withZoneIdText("America/Chicago").build();
        System.out.printf("LinuxForHealth converter constructed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Function<String, String> linuxForHealth = text -> l4h.convert(text, options);

        System.out.printf("machine: %d cores, %s %s, load average at start %.2f; warm-up %d, measured %d per message, %d rounds%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), warmup, measured, rounds);
        for (Map.Entry<String, String> e : messages.entrySet()) {
            describe("RadBridge", e.getKey(), radbridge, e.getValue());
            describe("LinuxForHealth v1.1.0", e.getKey(), linuxForHealth, e.getValue());
        }
        for (int r = 1; r <= rounds; r++) {
            for (Map.Entry<String, String> e : messages.entrySet()) {
                double rb = run("RadBridge", e.getKey(), radbridge, e.getValue(), warmup, measured, r);
                double lf = run("LinuxForHealth v1.1.0", e.getKey(), linuxForHealth, e.getValue(), Math.max(200, warmup / 10),
                        Math.max(300, measured / 10), r);
                System.out.printf("round %d %s: RadBridge / LinuxForHealth = %.0fx (wall)%n", r, e.getKey(), rb / lf);
            }
        }
    }

    private static String read(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    /** Runs warm-up then the measured loop; prints and returns messages/s (wall). */
    private static double run(String who, String type, Function<String, String> f, String msg, int warmup, int n, int round) {
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += f.apply(msg).length();
        }
        long cpu0 = tm.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += f.apply(msg).length();
        }
        long wall = System.nanoTime() - t0;
        long cpu = tm.getCurrentThreadCpuTime() - cpu0;
        double perSecond = n / (wall / 1e9);
        System.out.printf("round %d %-22s %s: %9.0f msg/s wall (%7.1f us/msg), %9.0f msg/s thread CPU (%7.1f us/msg)  [%d]%n",
                round, who, type, perSecond, wall / 1e3 / n, n / (cpu / 1e9), cpu / 1e3 / n, sink % 7);
        return perSecond;
    }

    /** What one conversion produced: entries by type, requests, ids stable across two conversions, size. */
    private static void describe(String who, String type, Function<String, String> f, String msg) throws Exception {
        String a = f.apply(msg);
        String b = f.apply(msg);
        JsonNode bundle = JSON.readTree(a);
        Map<String, Integer> types = new TreeMap<>();
        int withRequest = 0;
        List<String> conditional = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            types.merge(e.path("resource").path("resourceType").asText(), 1, Integer::sum);
            if (e.has("request")) {
                withRequest++;
                JsonNode req = e.path("request");
                if (req.has("ifNoneExist") || req.path("url").asText().contains("?")) {
                    conditional.add(e.path("resource").path("resourceType").asText());
                }
            }
        }
        System.out.printf("%s %s: Bundle.type %s, %d entries %s, %d with a request (%d conditional), same output twice: %s, %d bytes%n",
                who, type, bundle.path("type").asText(), bundle.path("entry").size(), types, withRequest, conditional.size(),
                a.equals(b), a.length());
    }
}
