package org.radbridge.availability;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.order.ProcedureIds;
import org.radbridge.store.Tx;
import org.radbridge.worklist.WorklistItem;

/**
 * What a status or result message to the EMR needs about a matched order: the placer's order message as received
 * (the journal's newest processed ORM / OMG / OMI of the item's order key, else the message that last wrote the
 * item), and the identifiers of each scheduled procedure step from the worklist item (Study Instance UID,
 * Accession Number + issuer, Requested Procedure ID, SPS ID, Placer / Filler Order Number + issuer, Modality).
 */
final class OrderLookup {

    private OrderLookup() {
    }

    /** The order message of an item, or null when none is kept (unknown, or its payload purged by retention). */
    static Hl7Message orderMessage(Tx tx, WorklistItem item) throws SQLException {
        List<byte[]> raw = List.of();
        if (item.orderKey() != null && !item.orderKey().isEmpty()) {
            raw = tx.query("SELECT raw FROM messages WHERE order_key=? AND state='PROCESSED' AND raw IS NOT NULL "
                    + "AND (message_type LIKE 'ORM%' OR message_type LIKE 'OMG%' OR message_type LIKE 'OMI%') "
                    + "ORDER BY id DESC LIMIT 1", rs -> rs.getBytes(1), item.orderKey());
        }
        if (raw.isEmpty()) {
            raw = tx.query("SELECT m.raw FROM worklist_items w JOIN messages m ON m.id = w.message_id "
                    + "WHERE w.id=? AND m.raw IS NOT NULL", rs -> rs.getBytes(1), item.id());
        }
        if (raw.isEmpty()) {
            return null;
        }
        byte[] b = raw.get(0);
        return Hl7Parser.parse(Hl7Charsets.decode(b, 0, b.length, Hl7Charsets.forName(Hl7Charsets.msh18(b))).text());
    }

    /** The identifiers of an item's scheduled procedure step. */
    static ProcedureIds procedure(WorklistItem it) {
        Attributes ds = it.dataset();
        Attributes sps = it.sps();
        return new ProcedureIds(it.studyUid(), ds.getString(Tag.AccessionNumber, ""), StudyMatcher.accessionIssuer(ds),
                ds.getString(Tag.RequestedProcedureID, ""), it.spsId(),
                ds.getString(Tag.PlacerOrderNumberImagingServiceRequest, ""), issuer(ds, Tag.OrderPlacerIdentifierSequence),
                ds.getString(Tag.FillerOrderNumberImagingServiceRequest, ""), issuer(ds, Tag.OrderFillerIdentifierSequence),
                sps == null ? "" : sps.getString(Tag.Modality, ""), Set.of());
    }

    static List<ProcedureIds> procedures(List<WorklistItem> items) {
        List<ProcedureIds> out = new ArrayList<>();
        for (WorklistItem it : items) {
            out.add(procedure(it));
        }
        return out;
    }

    private static String issuer(Attributes ds, int seq) {
        Attributes i = ds.getNestedItem(seq);
        return i == null ? "" : i.getString(Tag.LocalNamespaceEntityID, "");
    }
}
