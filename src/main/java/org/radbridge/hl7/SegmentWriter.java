package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes one HL7 v2 segment field by field (HL7 v2.5 2.5.3): values set as raw HL7 text (copied fields,
 * already escaped) or as plain values escaped here; components joined with the component separator; empty
 * trailing fields dropped.
 */
public final class SegmentWriter {

    private final String id;
    private final Delimiters d;
    private final List<String> fields = new ArrayList<>();

    public SegmentWriter(String id, Delimiters d) {
        this.id = id;
        this.d = d;
    }

    /** Sets field n (HL7 numbering; not for MSH) to raw HL7 text. */
    public SegmentWriter raw(int n, String raw) {
        while (fields.size() < n) {
            fields.add("");
        }
        fields.set(n - 1, raw == null ? "" : raw);
        return this;
    }

    /** Sets field n to plain values, one per component (escaped; trailing empty components dropped). */
    public SegmentWriter value(int n, String... components) {
        int last = components.length - 1;
        while (last >= 0 && (components[last] == null || components[last].isEmpty())) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append(d.component());
            }
            sb.append(components[i] == null ? "" : Hl7Escapes.escape(components[i], d));
        }
        return raw(n, sb.toString());
    }

    /** Sets field n to a code written in a mapping as HL7 text with standard delimiters ("113014^DICOM Study^DCM"). */
    public SegmentWriter code(int n, String standardText) {
        return value(n, standardText.split("\\^", -1));
    }

    @Override
    public String toString() {
        int last = fields.size() - 1;
        while (last >= 0 && fields.get(last).isEmpty()) {
            last--;
        }
        StringBuilder sb = new StringBuilder(id);
        for (int i = 0; i <= last; i++) {
            sb.append(d.field()).append(fields.get(i));
        }
        return sb.toString();
    }
}
