package org.radbridge.worklist;

import java.util.List;
import java.util.function.BiFunction;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.ErrorLocation;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.order.OrderStep;

/**
 * The Type 1 attributes of the Scheduled Procedure Step that an order's mapping can leave empty (PS3.4 Table
 * K.6-1): Modality (0008,0060) and Scheduled Station AE Title (0040,0001). A step that a modality would be
 * served (status not hidden) is refused without them, AE at the field to fix: 101 at OBR-24 (IPC-5 for an OMI
 * with IPC) without a modality; without a station, 101 at the sender's station field (IPC-9 / ORC-18, per the
 * station-aet switch) or 103 at the modality field when the station comes from mappings/codes/station-routing.yaml
 * and neither a rule nor the table's {@code default} gives one. Items that lack them anyway (written before this
 * check, or with a hidden status) are never served or exported ({@link #isComplete}).
 */
final class RequiredSps {

    private RequiredSps() {
    }

    /** True if the item's SPS has both a Modality and a Scheduled Station AE Title. */
    static boolean isComplete(Attributes ds) {
        Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
        return sps != null && !sps.getString(Tag.Modality, "").isBlank()
                && java.util.Arrays.stream(sps.getStrings(Tag.ScheduledStationAETitle)).anyMatch(s -> !s.isBlank());
    }

    /** Refuses (AE) a served step without Modality or Scheduled Station AE Title. */
    static void check(OrderStep step, Attributes ds, String status, List<String> hidden, String messageType,
            BiFunction<String, String, String> opts) {
        if (hidden.contains(status) || isComplete(ds)) {
            return;
        }
        Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
        String modality = sps == null ? "" : sps.getString(Tag.Modality, "").trim();
        boolean omiIpc = messageType.startsWith("OMI") && step.ipc() != null;
        ErrorLocation modalityField = omiIpc ? at("IPC", step, 5) : at("OBR", step, 24);
        if (modality.isEmpty()) {
            throw new Hl7Error(AckCode.AE, Hl7Error.Code.REQUIRED_FIELD_MISSING, modalityField, modalityField.describe()
                    + " is empty: no Modality (0008,0060), which a worklist item requires (Type 1, PS3.4 Table K.6-1)");
        }
        String source = opts.apply("station-aet", "ipc-9");
        String routing = "no station for modality " + modality + " in mappings/codes/station-routing.yaml (no rule, no default)";
        if ("orc-18".equals(source) || ("ipc-9".equals(source) && omiIpc)) {
            ErrorLocation f = "orc-18".equals(source) ? at("ORC", step, 18) : at("IPC", step, 9);
            throw new Hl7Error(AckCode.AE, Hl7Error.Code.REQUIRED_FIELD_MISSING, f, f.describe() + " is empty and " + routing
                    + ": Scheduled Station AE Title (0040,0001) is Type 1 (PS3.4 Table K.6-1)");
        }
        throw new Hl7Error(AckCode.AE, Hl7Error.Code.TABLE_VALUE_NOT_FOUND, modalityField, routing
                + ": Scheduled Station AE Title (0040,0001) is Type 1 (PS3.4 Table K.6-1)");
    }

    private static ErrorLocation at(String segment, OrderStep step, int field) {
        return new ErrorLocation(segment, Math.max(1, step.group()), field, 1, 0, 0);
    }
}
