package org.radbridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `radbridge check-config`: validates properties, every mapping file (config.ConfigCheck, the same logic a reload
 * runs) and the YAML routes without starting anything; each problem is printed with its file and line.
 */
@Command(name = "check-config", description = "Validate the configuration and the mapping files, then exit.")
final class CheckConfigCommand implements Callable<Integer> {

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG)")
    Path config;

    @Option(names = "--show", description = "print the effective properties (secrets masked)")
    boolean show;

    @Override
    public Integer call() {
        try {
            Settings s = Settings.load(config, System.getenv(), System.getProperties());
            s.validate();
            String dir = s.get("radbridge.mappings.dir");
            String overlay = s.get("radbridge.mappings.overlay-dir");
            Mappings m = new Mappings(dir.isEmpty() ? null : Path.of(dir), overlay.isEmpty() ? null : Path.of(overlay));
            Hl7Peers peers = Hl7Peers.load(m);
            MessageFlows flows = MessageFlows.load(m);
            String routes = s.get("radbridge.routes.dir", "routes");
            java.util.List<org.radbridge.config.ConfigCheck.Problem> problems = org.radbridge.config.ConfigCheck.run(m, org.radbridge.app.MappingLoaders.of(s),
                    routes.isEmpty() ? java.util.List.of() : java.util.List.of(Path.of(routes)));
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println("invalid configuration: " + p));
                return 2;
            }
            int alertRules = org.radbridge.alert.AlertRules.load(m).size();
            int forwarding = org.radbridge.notify.ForwardRules.load(m, org.radbridge.notify.Hl7Destinations.load(m, s),
                    org.radbridge.deid.Targets.load(m).stream().map(org.radbridge.deid.Target::name).collect(java.util.stream.Collectors.toSet()))
                    .rules().size();
            int siteRoutes = org.radbridge.site.SiteRoutes.scan(s.isSet("radbridge.routes.site-dir")
                    ? Path.of(s.get("radbridge.routes.site-dir")) : null).routeIds().size();
            if (show) {
                s.all().forEach((k, v) -> System.out.println(k + "=" + (isSecret(k) && !v.isEmpty() ? "***" : v)));
            }
            System.out.println("configuration OK: " + peers.all().size() + " known HL7 senders, "
                    + flows.table().size() + " message types, " + alertRules + " alert rules, " + forwarding + " forwarding rules, "
                    + siteRoutes + " site routes");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return 2;
        }
    }

    static boolean isSecret(String k) {
        return k.endsWith("password") || k.endsWith("key") || k.endsWith("token");
    }
}
