package org.radbridge.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.radbridge.testing.ProjectPaths;

/**
 * Synthetic orders for the operations tests: the corpus order test-messages/orm-o01-ris-new-ct (ORM^O01 v2.3.1 from
 * the RIS with ZDS) with its number 1001 replaced, so control id (RIS-n), patient, accession, SPS and Study UID are
 * unique per n.
 */
final class Orders {

    private static final String TEMPLATE;

    static {
        try {
            TEMPLATE = Files.readString(ProjectPaths.project().resolve("test-messages/orm-o01-ris-new-ct/message.hl7"),
                    StandardCharsets.ISO_8859_1).strip().replace("\r\n", "\r").replace("\n", "\r");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Orders() {
    }

    static String orm(long n) {
        return TEMPLATE.replace("1001", String.valueOf(n));
    }

    static String controlId(long n) {
        return "RIS-" + n;
    }
}
