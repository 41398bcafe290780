package org.radbridge.dicom.net.service;

import java.io.IOException;
import java.util.Set;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;

/**
 * Base of services: routes a request by command field to onCEcho / onCFind / onNCreate / onNSet /
 * onNEventReport; an operation the service does not override is answered 0211 (Unrecognized Operation,
 * PS3.7 C.4.3).
 */
public abstract class AbstractDicomService implements DicomService {

    private final Set<String> sopClasses;

    protected AbstractDicomService(String... sopClasses) {
        this.sopClasses = Set.of(sopClasses);
    }

    @Override
    public Set<String> sopClasses() {
        return sopClasses;
    }

    @Override
    public void onDimseRequest(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
        switch (Dimse.commandField(cmd)) {
            case Dimse.C_ECHO_RQ -> onCEcho(as, pc, cmd);
            case Dimse.C_FIND_RQ -> onCFind(as, pc, cmd, data);
            case Dimse.N_CREATE_RQ -> onNCreate(as, pc, cmd, data);
            case Dimse.N_SET_RQ -> onNSet(as, pc, cmd, data);
            case Dimse.N_EVENT_REPORT_RQ -> onNEventReport(as, pc, cmd, data);
            default -> throw unrecognized();
        }
    }

    protected void onCEcho(Association as, PresentationContext pc, Attributes cmd) throws IOException {
        throw unrecognized();
    }

    protected void onCFind(Association as, PresentationContext pc, Attributes cmd, Attributes keys) throws IOException {
        throw unrecognized();
    }

    protected void onNCreate(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
        throw unrecognized();
    }

    protected void onNSet(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
        throw unrecognized();
    }

    protected void onNEventReport(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
        throw unrecognized();
    }

    protected static DicomServiceException unrecognized() {
        return new DicomServiceException(Status.UNRECOGNIZED_OPERATION, "Operation not supported for this SOP Class");
    }
}
