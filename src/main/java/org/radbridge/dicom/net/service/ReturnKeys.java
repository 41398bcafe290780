package org.radbridge.dicom.net.service;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/**
 * Builds a C-FIND response identifier from a match and the request's keys (PS3.4 C.2.2.1 and K.2.2):
 * every key attribute is returned, with the match's value or zero length when the match has none; a
 * sequence key with an item returns, for each item of the match, the attributes named in that item
 * (recursively), and a sequence key without items returns the whole sequence. Specific Character Set
 * is left to the caller.
 */
public final class ReturnKeys {

    private ReturnKeys() {
    }

    public static Attributes project(Attributes match, Attributes keys) {
        Attributes out = new Attributes();
        for (Attributes.Element k : keys) {
            int tag = k.tag();
            if (tag == Tag.SpecificCharacterSet) {
                continue;
            }
            Attributes.Element m = match.get(tag);
            if (m == null) {
                out.setNull(tag, k.vr() == VR.UN ? VR.UN : k.vr());
                continue;
            }
            if (m.value() instanceof Sequence seq && k.value() instanceof Sequence keySeq && !keySeq.isEmpty()
                    && !keySeq.get(0).isEmpty()) {
                Sequence projected = out.newSequence(tag);
                for (Attributes item : seq) {
                    projected.add(project(item, keySeq.get(0)));
                }
                continue;
            }
            out.setValue(tag, m.vr(), copyValue(m));
        }
        return out;
    }

    private static Object copyValue(Attributes.Element e) {
        Attributes tmp = new Attributes();
        tmp.setValue(e.tag(), e.vr(), e.value());
        return tmp.copy().get(e.tag()).value();
    }
}
