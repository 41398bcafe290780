package org.radbridge.worklist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.FlowKey;
import org.radbridge.intake.FlowKeys;
import org.radbridge.intake.Inbound;
import org.radbridge.order.IdentifierPolicy;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.order.OrderStep;
import org.radbridge.order.ProcedureIds;
import org.radbridge.worklist.mapping.MwlMapping;

/**
 * The beans of routes/order-to-worklist.camel.yaml (IHE RAD-2/RAD-4/RAD-13 orders to MWL items), in route
 * order: {@link #map} (mappings/hl7-to-mwl/, one draft per SPS), {@link #assignIdentifiers}
 * ({@link IdentifierPolicy}; the {@code List<ProcedureIds>} is left on the Inbound for the FHIR flow) and
 * {@link #schedule} (order control to SPS status; the change is planned as an {@link OrderEffect} applied
 * with the journal entry). Mapping problems are answered AE with the HL7 location, among them a served step
 * without Modality or Scheduled Station AE Title ({@link RequiredSps}, PS3.4 Table K.6-1).
 */
public final class OrderToWorklist {

    static final FlowKey<List<MwlMapping.Draft>> DRAFTS = FlowKey.of("worklist.drafts");

    private volatile MwlMapping mapping;
    private volatile OrderControl orderControl;
    private final WorklistService service;
    private final String fillerNamespace;

    public OrderToWorklist(MwlMapping mapping, OrderControl orderControl, WorklistService service, String fillerNamespace) {
        this.mapping = mapping;
        this.orderControl = orderControl;
        this.service = service;
        this.fillerNamespace = fillerNamespace;
    }

    /** A configuration reload (config.ConfigReloader, between messages): the mapping and order-control table now in force. */
    public void reconfigure(MwlMapping nextMapping, OrderControl nextOrderControl) {
        this.mapping = nextMapping;
        this.orderControl = nextOrderControl;
    }

    /** HL7 order -> one draft MWL item per Scheduled Procedure Step (pure mapping). */
    public Inbound map(Inbound in) {
        List<MwlMapping.Draft> drafts = mapping.mapOrder(in.message(), in.peer());
        for (MwlMapping.Draft d : drafts) {
            d.warnings().forEach(in::warn);
        }
        in.put(DRAFTS, drafts);
        return in;
    }

    /** Received identifiers kept, missing ones assigned or refused per the sender's policy. */
    public Inbound assignIdentifiers(Inbound in) {
        List<MwlMapping.Draft> drafts = in.get(DRAFTS);
        Hl7Message m = in.message();
        BiFunction<String, String, String> opts = mapping.options(in.peer());
        IdentifierPolicy policy = IdentifierPolicy.of((n, d) -> opts.apply("identifiers." + n, d), fillerNamespace);
        List<ProcedureIds> all = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        String type = m.messageType();
        OrderIdentifiers.Paths paths = in.identifiers().paths(type);
        java.util.Map<String, String> where = new java.util.HashMap<>();
        where.put("accessionNumber", paths.location(OrderIdentifiers.Field.ACCESSION));
        where.put("requestedProcedureId", paths.location(OrderIdentifiers.Field.REQUESTED_PROCEDURE_ID));
        where.put("spsId", paths.location(OrderIdentifiers.Field.SPS_ID));
        where.put("studyInstanceUid", paths.location(OrderIdentifiers.Field.STUDY_INSTANCE_UID));
        for (MwlMapping.Draft d : drafts) {
            Attributes ds = d.item();
            String placer = DraftIds.get(ds, Tag.PlacerOrderNumberImagingServiceRequest);
            String placerIssuer = DraftIds.nested(ds, Tag.OrderPlacerIdentifierSequence, Tag.LocalNamespaceEntityID);
            IdentifierPolicy.Received r = new IdentifierPolicy.Received(DraftIds.get(ds, Tag.AccessionNumber),
                    DraftIds.nested(ds, Tag.IssuerOfAccessionNumberSequence, Tag.LocalNamespaceEntityID),
                    DraftIds.get(ds, Tag.RequestedProcedureID), DraftIds.sps(ds, Tag.ScheduledProcedureStepID),
                    DraftIds.get(ds, Tag.StudyInstanceUID), placer, placerIssuer,
                    DraftIds.get(ds, Tag.FillerOrderNumberImagingServiceRequest),
                    DraftIds.nested(ds, Tag.OrderFillerIdentifierSequence, Tag.LocalNamespaceEntityID),
                    DraftIds.sps(ds, Tag.Modality), where);
            ProcedureIds ids = policy.resolve(new IdentifierPolicy.OrderRef(orderIssuer(placerIssuer, m), placer,
                    procedureKey(d.step()), d.step().stepInGroup()), r);
            if (!keys.add(ids.studyInstanceUid() + "/" + ids.spsId())) {
                throw Hl7Error.content(Hl7Error.Code.DUPLICATE_KEY, where.get("spsId"), "the message schedules SPS ID "
                        + ids.spsId() + " of Study Instance UID " + ids.studyInstanceUid() + " twice");
            }
            DraftIds.write(ds, ids);
            all.add(ids);
        }
        if (!all.isEmpty()) {
            in.key("accession", all.get(0).accessionNumber());
        }
        in.put(FlowKeys.PROCEDURES, List.copyOf(all));
        return in;
    }

    /** Order control -> SPS status per item; plans the worklist change (applied with the journal entry). */
    public Inbound schedule(Inbound in) {
        List<MwlMapping.Draft> drafts = in.get(DRAFTS);
        List<ProcedureIds> ids = in.get(FlowKeys.PROCEDURES);
        Hl7Message m = in.message();
        BiFunction<String, String, String> opts = mapping.options(in.peer());
        String patientKey = in.identifiers().patient(m);
        if (patientKey == null) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "PID-3", "patient identifier PID-3 is missing");
        }
        boolean rejectMissingStart = "reject".equalsIgnoreCase(opts.apply("sps-start-missing", "message-time"));
        List<PlannedItem> planned = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            MwlMapping.Draft d = drafts.get(i);
            OrderStep step = d.step();
            Segment orc = step.orc();
            String orc1 = orc == null ? "" : orc.value(1);
            String status = orderControl.status(orc1, orc == null ? "" : orc.value(5), step.group());
            Attributes ds = d.item();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
            sps.setString(Tag.ScheduledProcedureStepStatus, VR.CS, status);
            if (rejectMissingStart && sps.getString(Tag.ScheduledProcedureStepStartDate) == null) {
                throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, mapping.pathOf(m.messageType(),
                        "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate"), "the scheduled start date/time is missing");
            }
            RequiredSps.check(step, ds, status, service.hiddenStatuses(), m.messageType(), opts);
            ProcedureIds pid = ids.get(i);
            String orderKey = pid.placerOrderNumber() == null || pid.placerOrderNumber().isEmpty() ? null
                    : pid.placerOrderNumber() + "^" + orderIssuer(pid.placerIssuer(), m);
            planned.add(new PlannedItem(WorklistItem.of(patientKey, orderKey, procedureKey(step), ds),
                    orderControl.creates(orc1), pid, step.group(), orc1));
        }
        boolean tombstone = "tombstone".equalsIgnoreCase(opts.apply("unknown-order", "reject"));
        in.addEffect(new OrderEffect(service, planned, patientKey, tombstone, in));
        return in;
    }

    /** The issuer of the placer order number (ORC-2.2 / OBR-2.2), else MSH-4 (sending facility). */
    static String orderIssuer(String placerIssuer, Hl7Message m) {
        return placerIssuer != null && !placerIssuer.isEmpty() ? placerIssuer : m.msh().value(4, 1);
    }

    /** OBR-4 code "^" coding system: the requested procedure, part of the assigned identifiers' name. */
    static String procedureKey(OrderStep step) {
        Segment obr = step.obr();
        return obr == null ? "" : obr.value(4, 1) + "^" + obr.value(4, 3);
    }
}
