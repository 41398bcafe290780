package org.radbridge.dicom.net;

/** A-ASSOCIATE-RQ PDU content (PS3.8 9.3.2). */
public final class AAssociateRQ extends AAssociateRQAC {

    /** Adds a proposal with the next free odd presentation context ID and returns it. */
    public PresentationContext addPresentationContext(String abstractSyntax, String... transferSyntaxes) {
        int id = presentationContexts().size() * 2 + 1;
        PresentationContext pc = PresentationContext.proposal(id, abstractSyntax, transferSyntaxes);
        addPresentationContext(pc);
        return pc;
    }

    @Override
    public String toString() {
        return "A-ASSOCIATE-RQ[calling=" + callingAE() + ", called=" + calledAE() + ", pcs="
                + presentationContexts().size() + ", maxPdu=" + maxPduLength() + "]";
    }
}
