package org.radbridge.deid.text;

import java.util.Locale;

/** A replacement of text[start, end) and what kind of identifier it was (for the counts, never the value). */
record TextCut(int start, int end, String with, String kind) {

    /** A pattern's replacement; the kind is the label ("[PHONE]" -> phone), or "date" for a rewritten date. */
    TextCut(int start, int end, String with) {
        this(start, end, with, with.startsWith("[") ? with.substring(1, with.length() - 1).toLowerCase(Locale.ROOT) : "date");
    }
}
