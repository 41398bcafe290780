package org.radbridge.dicom.net;

/** A-ASSOCIATE-AC PDU content (PS3.8 9.3.3). Abstract syntaxes are filled from the request. */
public final class AAssociateAC extends AAssociateRQAC {

    @Override
    public String toString() {
        long accepted = presentationContexts().stream().filter(PresentationContext::isAccepted).count();
        return "A-ASSOCIATE-AC[calling=" + callingAE() + ", called=" + calledAE() + ", accepted=" + accepted
                + "/" + presentationContexts().size() + ", maxPdu=" + maxPduLength() + "]";
    }
}
