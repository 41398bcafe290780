package org.radbridge.deid;

import java.util.Locale;

/**
 * The de-identification actions a profile rule can name (design.md §6). Their DICOM PS3.15 Table E.1-1a
 * equivalents: remove = X, empty = Z, dummy = D, keep = K, clean-text = C (for text), uid-remap = U.
 * The others are the HIPAA policy layer: surrogate (random code from the protected mapping table,
 * 45 CFR 164.514(c)), pseudonym (keyed HMAC-SHA-256), date-shift, year-only, zip3 and age-90
 * (164.514(b)(2)(i)(B) and (C)).
 */
public enum Action {
    REMOVE("remove"),
    EMPTY("empty"),
    DUMMY("dummy"),
    KEEP("keep"),
    SURROGATE("surrogate"),
    PSEUDONYM("pseudonym"),
    UID_REMAP("uid-remap"),
    DATE_SHIFT("date-shift"),
    YEAR_ONLY("year-only"),
    ZIP3("zip3"),
    AGE_90("age-90"),
    CLEAN_TEXT("clean-text");

    private final String yamlName;

    Action(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in profiles and audit counts ("uid-remap"). */
    public String yamlName() {
        return yamlName;
    }

    /** True when the original value is an identifier that leaves the message (removed or replaced). */
    public boolean removesValue() {
        return this != KEEP && this != CLEAN_TEXT && this != AGE_90;
    }

    /** True when the action computes a new value from the old one (applies to a leaf value). */
    public boolean transformsValue() {
        return switch (this) {
            case SURROGATE, PSEUDONYM, UID_REMAP, DATE_SHIFT, YEAR_ONLY, ZIP3, AGE_90, CLEAN_TEXT -> true;
            default -> false;
        };
    }

    public static Action of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Action a : values()) {
            if (a.yamlName.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action \"" + name + "\" (known: remove, empty, dummy, keep, "
                + "surrogate, pseudonym, uid-remap, date-shift, year-only, zip3, age-90, clean-text)");
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
