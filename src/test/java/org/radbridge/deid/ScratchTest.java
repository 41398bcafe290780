package org.radbridge.deid;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

class ScratchTest {
    @Test
    void run() throws Exception {
        try (DeidTesting t = DeidTesting.start()) {
            String f = System.getProperty("f", "oru-r01-report/message.hl7");
            Path p0 = f.startsWith("/") ? Path.of(f) : ProjectPaths.testMessages().resolve(f);
            byte[] m = Files.readAllBytes(p0);
            for (String p : System.getProperty("p", "hipaa-safe-harbor,limited-data-set,pseudonymized-research").split(",")) {
                Deidentifier.Result r = t.run(p, m);
                System.out.println("== " + p + " " + r.counts().actions() + " " + r.counts().text() + " " + r.keyId());
                System.out.println(new String(r.payload()).replace('\r', '\n'));
            }
        }
    }
}
