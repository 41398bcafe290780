package org.radbridge.fhir.map;

import java.time.ZoneId;
import org.radbridge.fhir.TransactionBundle;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/** The project's mappings, a context for a demo sender, and fields parsed from one-segment messages. */
final class MapTestSupport {

    static final Mappings MAPPINGS = new Mappings(ProjectPaths.project().resolve("mappings"), null);
    static final FhirTables TABLES = new FhirTables(MAPPINGS);
    static final Hl7Peers PEERS = Hl7Peers.load(MAPPINGS);

    private MapTestSupport() {
    }

    static Hl7Peer ris() {
        return PEERS.match("DEMO_RIS", "RADIOLOGY");
    }

    static Hl7Peer unknown() {
        return PEERS.match("SOMEONE", "ELSE");
    }

    static MapContext context(Hl7Peer peer) {
        return new MapContext(peer, ZoneId.of("America/Chicago"), TABLES, new TransactionBundle(),
                TransactionBundle.Write.CREATE_IF_ABSENT);
    }

    /** The first repetition of a field path of a segment given as text (after an MSH). */
    static Field field(String segment, String path) {
        Scope s = scope(segment);
        return Field.of(s, Hl7Path.of(path)).get(0);
    }

    static Scope scope(String... segments) {
        return Scope.of(Hl7Parser.parse("MSH|^~\\&|A|B|C|D|20260101||ORM^O01|1|P|2.5\r" + String.join("\r", segments) + "\r"));
    }
}
