package org.radbridge.cli;

import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.radbridge.api.Principals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `radbridge token create`: a new named API token and the line for radbridge.api.tokens-file. */
@Command(name = "token", description = "Create a named API token.", subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "create", description = "Print a new token (give it to the client) and its entry for the tokens file.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--id", required = true, description = "principal name, e.g. ops-alice")
        String id;

        @Option(names = "--roles", required = true, split = ",", description = "phi-read, replay, webhook, admin")
        String[] roles;

        @Override
        public Integer call() {
            for (String r : roles) {
                if (!Principals.ROLES.contains(r)) {
                    System.err.println("unknown role " + r + " (roles: phi-read, replay, webhook, admin)");
                    return 2;
                }
            }
            if (id.contains(".") || id.equals("admin")) {
                System.err.println("the id may not contain '.' nor be 'admin'");
                return 2;
            }
            String secret = Principals.newSecret();
            System.out.println("token (give to the client, shown once): " + id + "." + secret);
            System.out.println("entry for radbridge.api.tokens-file:");
            System.out.println("  - id: " + id);
            System.out.println("    hash: sha256:" + HexFormat.of().formatHex(Principals.sha256(secret)));
            System.out.println("    roles: [" + String.join(", ", roles) + "]");
            return 0;
        }
    }
}
