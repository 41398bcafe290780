package org.radbridge.deid;

import java.util.List;
import java.util.Set;
import org.radbridge.deid.dicom.AnnexE;
import org.radbridge.outbox.OutcomeTable;

/**
 * One de-identified destination of mappings/deid/targets.yaml: the copies of what is enqueued for
 * {@code source} (optionally only some kinds), de-identified with {@code profile} (plus DICOM options) and
 * sent to {@code to}: {@code mllp://host:port}, {@code http(s)://FHIR base} or {@code folder:path}.
 */
public record Target(String name, String source, Set<String> kinds, String profile, List<AnnexE.Option> options,
        String to, OutcomeTable.NakPolicy onAe, OutcomeTable.NakPolicy onAr) {

    /** Does an entry of this kind, enqueued for this destination, get a copy? */
    public boolean copies(String destination, String kind) {
        return source.equals(destination) && (kinds.isEmpty() || kinds.contains(kind));
    }

    /** The transport scheme: mllp, fhir or folder. */
    public String scheme() {
        if (to.startsWith("mllp://")) {
            return "mllp";
        }
        if (to.startsWith("http://") || to.startsWith("https://")) {
            return "fhir";
        }
        return "folder";
    }
}
