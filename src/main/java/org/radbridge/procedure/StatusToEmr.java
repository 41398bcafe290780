package org.radbridge.procedure;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.intake.Effect;
import org.radbridge.notify.StatusMessages;
import org.radbridge.notify.StatusNotifier;
import org.radbridge.order.ProcedureIds;
import org.radbridge.store.Tx;
import org.radbridge.worklist.WorklistItem;

/**
 * Route step notify-emr: the ORC-1=SC status messages (IHE RAD-3 shapes, ORC-5 IP / CM / DC) for the steps whose
 * transition names an EMR status, one message per placer order (a group MPPS covering two orders gives two),
 * built by notify's {@link StatusNotifier} from the order as received (its journal entry) and the steps'
 * identifiers (built and encoded in this step, before the transaction), queued in the MPPS's transaction. A step
 * without an order message is noted on the journal entry.
 */
public final class StatusToEmr {

    private final StatusNotifier notifier;
    private final ZoneId zone;

    public StatusToEmr(StatusNotifier notifier, ZoneId zone) {
        this.notifier = notifier;
        this.zone = zone;
    }

    public MppsEvent notifyEmr(MppsEvent e) {
        if (e.refused()) {
            return e;
        }
        ZonedDateTime when = MppsTimes.of(e.after(), zone, ZonedDateTime.now(zone).withNano(0));
        Map<String, Map<Long, List<ProcedureIds>>> byStatus = new LinkedHashMap<>();
        Map<Long, Hl7Message> orders = new LinkedHashMap<>();
        e.transitions().forEach((l, t) -> {
            if (t.emr() == null) {
                return;
            }
            StepContext s = e.steps().get(l);
            if (s == null || s.order() == null) {
                e.note("no order message for SPS " + l.key() + ": status " + t.emr() + " not sent to the EMR");
                return;
            }
            orders.put(s.orderMessageId(), s.order());
            byStatus.computeIfAbsent(t.emr(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.orderMessageId(), k -> new ArrayList<>()).add(ids(s.item()));
        });
        byStatus.forEach((status, perOrder) -> perOrder.forEach((orderId, procs) -> e.addEffect(effect(
                new StatusMessages.Request(orders.get(orderId), procs, StatusMessages.Status.of(status), when)))));
        return e;
    }

    /** Built and encoded here, on the association's thread; the transaction only queues it. */
    private Effect effect(StatusMessages.Request r) {
        StatusNotifier.Prepared prepared = notifier.prepare(r);
        return new Effect() {
            @Override
            public void apply(Tx tx, long messageId) throws Exception {
                prepared.enqueue(tx, messageId);
            }

            @Override
            public String describe() {
                return "order status " + r.status().code + " (" + r.procedures().size() + " step(s) of order "
                        + r.procedures().get(0).placerOrderNumber() + ") queued for " + String.join(" ", notifier.destinations());
            }
        };
    }

    /** The identifiers of a worklist item as the status message builder takes them. */
    static ProcedureIds ids(WorklistItem it) {
        Attributes ds = it.dataset();
        Attributes sps = it.sps();
        return new ProcedureIds(it.studyUid(), ds.getString(Tag.AccessionNumber), nested(ds, Tag.IssuerOfAccessionNumberSequence),
                ds.getString(Tag.RequestedProcedureID), it.spsId(), ds.getString(Tag.PlacerOrderNumberImagingServiceRequest),
                nested(ds, Tag.OrderPlacerIdentifierSequence), ds.getString(Tag.FillerOrderNumberImagingServiceRequest),
                nested(ds, Tag.OrderFillerIdentifierSequence), sps == null ? null : sps.getString(Tag.Modality), Set.of());
    }

    private static String nested(Attributes ds, int seq) {
        Attributes item = ds.getNestedItem(seq);
        return item == null ? null : item.getString(Tag.LocalNamespaceEntityID);
    }
}
