package org.radbridge.worklist;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.order.ProcedureIds;

/**
 * Reads the identifiers of a mapped worklist item and writes the settled ones back (Accession Number and
 * its issuer, Requested Procedure ID, SPS ID, Study Instance UID, filler order number and its issuer).
 */
final class DraftIds {

    private DraftIds() {
    }

    static String get(Attributes ds, int tag) {
        return ds.getString(tag, "").trim();
    }

    static String nested(Attributes ds, int seq, int tag) {
        Attributes item = ds.getNestedItem(seq);
        return item == null ? "" : item.getString(tag, "").trim();
    }

    static String sps(Attributes ds, int tag) {
        return nested(ds, Tag.ScheduledProcedureStepSequence, tag);
    }

    static void write(Attributes ds, ProcedureIds ids) {
        ds.setString(Tag.AccessionNumber, VR.SH, ids.accessionNumber());
        if (ids.assigned().contains("accessionNumber") && ids.accessionIssuer() != null) {
            setNested(ds, Tag.IssuerOfAccessionNumberSequence, Tag.LocalNamespaceEntityID, VR.UT, ids.accessionIssuer());
        }
        ds.setString(Tag.RequestedProcedureID, VR.SH, ids.requestedProcedureId());
        ds.setString(Tag.StudyInstanceUID, VR.UI, ids.studyInstanceUid());
        ds.getNestedItem(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepID, VR.SH, ids.spsId());
        if (ids.assigned().contains("fillerOrderNumber")) {
            ds.setString(Tag.FillerOrderNumberImagingServiceRequest, VR.LO, ids.fillerOrderNumber());
            setNested(ds, Tag.OrderFillerIdentifierSequence, Tag.LocalNamespaceEntityID, VR.UT, ids.fillerIssuer());
        }
    }

    private static void setNested(Attributes ds, int seq, int tag, VR vr, String value) {
        Sequence s = ds.getSequence(seq);
        if (s == null) {
            s = ds.newSequence(seq);
        }
        if (s.isEmpty()) {
            s.addItem();
        }
        s.get(0).setString(tag, org.radbridge.dicom.Dictionary.vrOf(tag), value);
    }
}
