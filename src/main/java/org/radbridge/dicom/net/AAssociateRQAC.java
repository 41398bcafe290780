package org.radbridge.dicom.net;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.dicom.Implementation;
import org.radbridge.dicom.UID;

/**
 * Fields shared by A-ASSOCIATE-RQ (PS3.8 9.3.2) and A-ASSOCIATE-AC (PS3.8 9.3.3): AE titles, application
 * context, presentation contexts and the user information sub-items (PS3.7 Annex D.3.3: maximum length,
 * implementation class UID and version name, asynchronous operations window, role selection).
 */
public abstract class AAssociateRQAC {

    private int protocolVersion = 1;
    private String calledAE = "";
    private String callingAE = "";
    private String applicationContext = UID.DICOMApplicationContext;
    private final List<PresentationContext> presentationContexts = new ArrayList<>();
    private int maxPduLength = 16384;
    private String implementationClassUid = Implementation.CLASS_UID;
    private String implementationVersionName = Implementation.VERSION_NAME;
    private int[] asyncOpsWindow;
    private final List<RoleSelection> roleSelections = new ArrayList<>();
    private boolean userIdentity;

    public int protocolVersion() {
        return protocolVersion;
    }

    public void setProtocolVersion(int v) {
        this.protocolVersion = v;
    }

    public String calledAE() {
        return calledAE;
    }

    public void setCalledAE(String ae) {
        this.calledAE = ae;
    }

    public String callingAE() {
        return callingAE;
    }

    public void setCallingAE(String ae) {
        this.callingAE = ae;
    }

    public String applicationContext() {
        return applicationContext;
    }

    public void setApplicationContext(String uid) {
        this.applicationContext = uid;
    }

    public List<PresentationContext> presentationContexts() {
        return presentationContexts;
    }

    public void addPresentationContext(PresentationContext pc) {
        presentationContexts.add(pc);
    }

    public PresentationContext presentationContext(int id) {
        for (PresentationContext pc : presentationContexts) {
            if (pc.id() == id) {
                return pc;
            }
        }
        return null;
    }

    /** Maximum length of P-DATA-TF variable fields this side receives; 0 = unlimited (PS3.8 D.1). */
    public int maxPduLength() {
        return maxPduLength;
    }

    public void setMaxPduLength(int v) {
        this.maxPduLength = v;
    }

    public String implementationClassUid() {
        return implementationClassUid;
    }

    public void setImplementationClassUid(String uid) {
        this.implementationClassUid = uid;
    }

    public String implementationVersionName() {
        return implementationVersionName;
    }

    public void setImplementationVersionName(String name) {
        this.implementationVersionName = name;
    }

    /** {invoked, performed}, or null when the sub-item was absent. Parsed, not acted upon. */
    public int[] asyncOpsWindow() {
        return asyncOpsWindow;
    }

    public void setAsyncOpsWindow(int[] window) {
        this.asyncOpsWindow = window;
    }

    public List<RoleSelection> roleSelections() {
        return roleSelections;
    }

    /** True if the peer sent a User Identity sub-item (PS3.7 D.3.3.7); ignored. */
    public boolean hasUserIdentity() {
        return userIdentity;
    }

    void setUserIdentity(boolean present) {
        this.userIdentity = present;
    }
}
