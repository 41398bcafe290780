package org.radbridge.dicom;

import java.util.ArrayList;

/**
 * Value of an SQ attribute: an ordered list of items, each a nested data set (PS3.5 7.5).
 */
public final class Sequence extends ArrayList<Attributes> {

    private static final long serialVersionUID = 1L;

    public Sequence() {
        super(2);
    }

    /** Appends a new, empty item and returns it. */
    public Attributes addItem() {
        Attributes item = new Attributes();
        add(item);
        return item;
    }

    /** Deep copy of all items. */
    public Sequence copy() {
        Sequence s = new Sequence();
        for (Attributes a : this) {
            s.add(a.copy());
        }
        return s;
    }
}
