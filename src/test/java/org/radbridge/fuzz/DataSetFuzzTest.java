package org.radbridge.fuzz;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.io.DicomReader;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.testing.Samples;

/**
 * Fuzzing of the DICOM data set reader (dicom.io.DicomReader, PS3.5 7: explicit/implicit VR, both byte
 * orders, nested sequences of defined and undefined length, Specific Character Set) and of Part 10 file
 * reading (DicomFile, PS3.10 7.1), seeded with worklist items, worklist queries and MPPS data sets in
 * every transfer syntax and both sequence length forms. Only DicomFormatException may refuse.
 */
@AddLifecycleHook(FuzzTries.class)
public class DataSetFuzzTest {

    static final FuzzTarget TARGET = new FuzzTarget() {
        @Override
        public String name() {
            return "dicom-dataset";
        }

        @Override
        public void accept(byte[] input) {
            for (TransferSyntax ts : TransferSyntax.values()) {
                try {
                    walk(DicomReader.read(input, ts), 0);
                } catch (DicomFormatException refused) {
                    // declared refusal
                }
            }
            try {
                DicomFile f = DicomFile.read(input);
                walk(f.fileMeta(), 0);
                walk(f.dataset(), 0);
            } catch (DicomFormatException refused) {
                // declared refusal
            }
        }
    };

    private static final Mutator MUTATOR = new Mutator(seeds(), List.of("\u0008\u0000\u0005\u0000", "CS", "SQ", "UN",
            "OB", "UT", "\u00fe\u00ff\u0000\u00e0", "\u00fe\u00ff\r\u00e0", "\u00fe\u00ff\u00dd\u00e0",
            "\u00ff\u00ff\u00ff\u00ff", "ISO_IR 192", "ISO 2022 IR 87\\ISO 2022 IR 100", "ISO_IR 100", "GB18030",
            "\u001b$B", "\u001b(B", "\u0000\u0000\u0000\u0000", "DICM", "\u0002\u0000\u0010\u0000UI"));

    static List<Seeds.Seed> seeds() {
        List<Seeds.Seed> out = new ArrayList<>();
        Attributes item = Samples.worklistItem("ISO_IR 192", "山田^太郎", "PID1", "ACC1", "CT", "CT01", "20261201", "0930", "SPS1");
        Attributes latin = Samples.worklistItem("ISO_IR 100", "Müller^Jürgen", "PID2", "ACC2", "MR", "MR01", "20261201", "1000", "SPS2");
        Attributes query = Samples.worklistQuery("CT", null, "20261201-20261202");
        Attributes mpps = Samples.mppsInProgress();
        int i = 0;
        for (Attributes a : List.of(item, latin, query, mpps)) {
            for (TransferSyntax ts : TransferSyntax.values()) {
                for (DicomWriter.SequenceLength sl : DicomWriter.SequenceLength.values()) {
                    out.add(new Seeds.Seed("ds" + i + "-" + ts + "-" + sl, new DicomWriter(ts, sl).encode(a)));
                }
            }
            out.add(new Seeds.Seed("file" + i, DicomFile.of(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    UID.ModalityWorklistInformationModelFind).toByteArray()));
            i++;
        }
        out.addAll(Seeds.regressions("dicom-dataset"));
        return out;
    }

    /** Reads every element as the services do: strings, numbers, nested items. */
    public static void walk(Attributes a, int depth) {
        a.specificCharacterSet();
        for (Attributes.Element e : a) {
            e.toString();
            a.getString(e.tag());
            a.getStrings(e.tag());
            a.getInt(e.tag(), 0);
            if (e.value() instanceof Sequence s && depth < 64) {
                for (Attributes item : s) {
                    walk(item, depth + 1);
                }
            }
        }
        a.getString(Tag.PatientName);
        a.toString();
    }

    @Provide
    Arbitrary<Mutator.Input> dataSets() {
        return MUTATOR.inputs();
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void anyDataSetIsReadOrRefusedWithinBounds(@ForAll("dataSets") Mutator.Input in) {
        Budget.run(TARGET, in.bytes());
    }
}
