package org.radbridge.dicom;

/**
 * UID syntax (PS3.5 9.1): at most 64 characters, components of digits separated by single dots, no
 * empty component, and no leading zero in a component of more than one digit ("0" itself is a valid
 * component). One linear scan, no regular expression: safe on input of any length.
 */
public final class Uids {

    /** Maximum length of a UID (PS3.5 9.1, VR UI). */
    public static final int MAX_LENGTH = 64;

    private Uids() {
    }

    /** True if uid is a valid UID per PS3.5 9.1 (null and empty are not). */
    public static boolean isValid(CharSequence uid) {
        if (uid == null) {
            return false;
        }
        int n = uid.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        int componentStart = 0;
        for (int i = 0; i < n; i++) {
            char c = uid.charAt(i);
            if (c == '.') {
                if (i == componentStart) {
                    return false; // empty component (leading dot or "..")
                }
                componentStart = i + 1;
            } else if (c >= '0' && c <= '9') {
                if (i == componentStart + 1 && uid.charAt(componentStart) == '0') {
                    return false; // leading zero in a multi-digit component
                }
            } else {
                return false;
            }
        }
        return componentStart < n; // no trailing dot
    }

    /**
     * A UID as it may appear in a log line or an error comment: at most 64 characters (longer ones cut with
     * "..."), characters other than printable ASCII replaced by '?'. Null stays "null".
     */
    public static String forLog(String uid) {
        if (uid == null) {
            return "null";
        }
        int max = Math.min(uid.length(), MAX_LENGTH);
        StringBuilder sb = new StringBuilder(max + 3);
        for (int i = 0; i < max; i++) {
            char c = uid.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (uid.length() > MAX_LENGTH) {
            sb.append("...");
        }
        return sb.toString();
    }
}
