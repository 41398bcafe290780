package org.radbridge.dicom.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomReader;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.testing.Samples;
import org.radbridge.fuzz.Budget;
import org.radbridge.fuzz.DataSetFuzzTest;
import org.radbridge.fuzz.FuzzTarget;
import org.radbridge.fuzz.FuzzTries;
import org.radbridge.fuzz.Mutator;
import org.radbridge.fuzz.Seeds;

/**
 * Fuzzing of the DICOM Upper Layer reader (PS3.8 9.3: {@link Pdu#read}, A-ASSOCIATE-RQ/AC decoding,
 * P-DATA-TF PDV splitting), the DIMSE reassembly ({@link MessageAssembler}, PS3.8 Annex E) and the data
 * set reader on what it completes, as {@link AssociationReader} and the acceptor run them: mutated PDU
 * streams of an association (request, C-ECHO, C-FIND with a worklist query, N-CREATE with an MPPS data
 * set, fragmented commands, release, abort) with huge declared lengths among the mutations. Only
 * IOException (PduException, EOFException, DicomFormatException) may come out; no RuntimeException,
 * which the acceptor would turn into an "internal error" abort with a stack trace.
 */
@AddLifecycleHook(FuzzTries.class)
public class PduFuzzTest {

    static final int MAX_PDU = 64 * 1024;
    public static final FuzzTarget TARGET = new FuzzTarget() {
        @Override
        public String name() {
            return "dicom-pdu";
        }

        @Override
        public void accept(byte[] input) {
            readStream(input);
        }
    };
    private static final Mutator MUTATOR = new Mutator(seeds(), List.of("\u0001\u0000", "\u0004\u0000",
            "\u0007\u0000\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000", "\u00ff\u00ff\u00ff\u00ff", "\u0000\u0000\u0000\u0000",
            "\u0020\u0000", "\u0030\u0000", "\u0040\u0000", "\u0050\u0000", "\u0051\u0000\u0000\u0004", "\u0054\u0000",
            "\u00fe\u00ff\u0000\u00e0", "\u00fe\u00ff\u00dd\u00e0\u0000\u0000\u0000\u0000", "\u0003", "\u0002"));

    /** Reads PDUs until the stream ends or a refusal, decoding each as the association would. */
    static void readStream(byte[] input) {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        MessageAssembler assembler = new MessageAssembler(1 << 20);
        try {
            for (int n = 0; n < 10_000; n++) {
                Pdu.Raw pdu = Pdu.read(in, MAX_PDU);
                switch (pdu.type()) {
                    case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> {
                        AAssociateRQAC a = Pdu.decodeAssociate(pdu.type(), pdu.body());
                        for (PresentationContext pc : a.presentationContexts()) {
                            pc.abstractSyntax();
                            pc.isAccepted();
                        }
                        a.toString();
                        Pdu.encode(a);
                    }
                    case Pdu.A_ASSOCIATE_RJ -> Pdu.decodeReject(pdu.body()).toString();
                    case Pdu.A_ABORT -> Pdu.decodeAbort(pdu.body()).toString();
                    case Pdu.P_DATA_TF -> {
                        for (Pdu.Pdv pdv : Pdu.decodePData(pdu.body())) {
                            MessageAssembler.Message m = assembler.add(pdv);
                            if (m != null) {
                                onMessage(m);
                            }
                        }
                    }
                    default -> {
                        // release RQ/RP: nothing to decode
                    }
                }
            }
        } catch (IOException refused) {
            // PduException (A-ABORT with its reason), EOFException, DicomFormatException: declared refusals
        }
    }

    private static void onMessage(MessageAssembler.Message m) throws IOException {
        Attributes cmd = m.command();
        int field = Dimse.commandField(cmd);
        Dimse.name(field);
        Dimse.sopClassUid(cmd);
        Dimse.sopInstanceUid(cmd);
        Dimse.hasDataset(cmd);
        if (m.data() != null) {
            TransferSyntax ts = TransferSyntax.values()[(m.pcid() >> 1) % TransferSyntax.values().length];
            Attributes data = DicomReader.read(m.data(), 0, m.data().length, ts, SpecificCharacterSet.DEFAULT);
            DataSetFuzzTest.walk(data, 0);
        }
    }

    static List<Seeds.Seed> seeds() {
        List<Seeds.Seed> out = new ArrayList<>();
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAE("RADBRIDGE");
        rq.setCallingAE("CT01");
        rq.addPresentationContext(PresentationContext.proposal(1, UID.ModalityWorklistInformationModelFind,
                UID.ImplicitVRLittleEndian));
        rq.addPresentationContext(PresentationContext.proposal(3, UID.ModalityPerformedProcedureStep,
                UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian));
        rq.addPresentationContext(PresentationContext.proposal(5, UID.Verification, UID.ExplicitVRBigEndian));
        rq.roleSelections().add(new RoleSelection(UID.ModalityPerformedProcedureStep, true, false));
        rq.setAsyncOpsWindow(new int[] {1, 1});
        byte[] assoc = Pdu.encode(rq);

        byte[] echo = command(1, Dimse.cEchoRQ(1, UID.Verification), false);
        byte[] find = concat(command(1, Dimse.setDataset(Dimse.cFindRQ(2, UID.ModalityWorklistInformationModelFind,
                Dimse.PRIORITY_MEDIUM), true), false),
                data(1, new DicomWriter(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).encode(Samples.worklistQuery("CT", "CT01", "20260101-20261231"))));
        byte[] create = concat(command(3, Dimse.setDataset(Dimse.nCreateRQ(3, UID.ModalityPerformedProcedureStep,
                "1.2.826.0.1.3680043.8.498.77"), true), true),
                data(3, new DicomWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomWriter.SequenceLength.UNDEFINED)
                        .encode(Samples.mppsInProgress())));
        byte[] cancel = command(1, Dimse.cCancelRQ(2), false);

        out.add(new Seeds.Seed("rq+echo+release", concat(assoc, echo, Pdu.releaseRQ())));
        out.add(new Seeds.Seed("rq+find+cancel+release", concat(assoc, find, cancel, Pdu.releaseRQ())));
        out.add(new Seeds.Seed("rq+mpps+abort", concat(assoc, create,
                Pdu.encode(new AAbort(AAbort.SOURCE_SERVICE_USER, AAbort.REASON_NOT_SPECIFIED)))));
        AAssociateAC ac = new AAssociateAC();
        ac.setCalledAE("RADBRIDGE");
        ac.setCallingAE("CT01");
        ac.addPresentationContext(new PresentationContext(1, UID.ModalityWorklistInformationModelFind,
                List.of(UID.ImplicitVRLittleEndian), PresentationContext.ACCEPTANCE));
        out.add(new Seeds.Seed("ac+rj+release-rp", concat(Pdu.encode(ac), Pdu.encode(new AAssociateRJ(1, 1, 7)), Pdu.releaseRP())));
        out.addAll(Seeds.regressions("dicom-pdu"));
        return out;
    }

    /** A command in two PDV fragments (the second flagged last), or in one. */
    private static byte[] command(int pcid, Attributes cmd, boolean fragmented) {
        byte[] c = DicomWriter.encodeCommand(cmd);
        if (!fragmented) {
            return Pdu.pData(pcid, true, true, c, 0, c.length);
        }
        int half = c.length / 2;
        return concat(Pdu.pData(pcid, true, false, c, 0, half), Pdu.pData(pcid, true, true, c, half, c.length - half));
    }

    private static byte[] data(int pcid, byte[] d) {
        return Pdu.pData(pcid, false, true, d, 0, d.length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Provide
    Arbitrary<Mutator.Input> streams() {
        return MUTATOR.inputs();
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void anyPduStreamIsReadOrRefusedWithinBounds(@ForAll("streams") Mutator.Input in) {
        Budget.run(TARGET, in.bytes());
    }
}
