package org.radbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.radbridge.settings.ConfigException;
import org.radbridge.app.DryRunApp;
import org.radbridge.settings.Settings;
import org.radbridge.explain.Explainer;
import org.radbridge.mapping.MappingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `radbridge explain FILE` (docs/site-adaptation.md, "Dry run"): prints as JSON on standard output what each flow
 * would make of the message with the site's configuration (--config, mappings/ with the overlay, routes/): the flows,
 * the answer, the worklist items (DICOM JSON, PS3.18 F.2), the FHIR Bundles, the outbound HL7, held effects and
 * warnings. It runs the real routes in a {@link DryRunApp}: nothing is journaled, queued, delivered or audited, and the
 * site's data directory and database are not opened. A file with several messages prints an array. Logs go to
 * standard error.
 */
@Command(name = "explain", description = "Dry run: print as JSON what the flows would produce from an HL7 message; commits nothing.")
final class ExplainCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG)")
    Path config;

    @Option(names = "--verbose", description = "also log the dry-run engine's start-up (standard error)")
    boolean verbose;

    @Parameters(paramLabel = "FILE", description = "the HL7 message (several in one file: separated by blank lines or a new MSH)")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Hl7Files.Item> items;
        try {
            items = Hl7Files.read(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        try {
            Settings s = Settings.load(config, System.getenv(), System.getProperties());
            s.validate();
            try (QuietLogs q = new QuietLogs(!verbose); DryRunApp app = DryRunApp.start(s)) {
                Explainer explainer = app.explainer();
                ArrayNode all = JSON.createArrayNode();
                for (Hl7Files.Item it : items) {
                    all.add(explainer.explain(it.payload(), "explain"));
                }
                JsonNode result = all.size() == 1 ? all.get(0) : all;
                out.println(JSON.writeValueAsString(result));
                out.flush();
                return 0;
            }
        } catch (ConfigException | MappingException e) {
            err.println("invalid configuration: " + e.getMessage());
            err.flush();
            return 2;
        } catch (Exception e) {
            err.println("explain failed: " + e);
            err.flush();
            return 1;
        }
    }
}
