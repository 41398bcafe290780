package org.radbridge.dicom.net.service;

import java.io.IOException;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;

/** Verification SOP Class SCP (PS3.4 Annex A; C-ECHO, PS3.7 9.1.5): answers Success. */
public class VerificationScp extends AbstractDicomService {

    public VerificationScp() {
        super(UID.Verification);
    }

    @Override
    protected void onCEcho(Association as, PresentationContext pc, Attributes cmd) throws IOException {
        as.writeDimse(pc, Dimse.response(cmd, Status.SUCCESS), null);
    }
}
