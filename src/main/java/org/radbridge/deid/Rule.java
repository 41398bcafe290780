package org.radbridge.deid;

/**
 * What a profile does to one selected value: an {@link Action} and its argument, written
 * {@code action[:argument]} in the profile files, e.g. {@code keep}, {@code surrogate:patient-id} (the
 * identifier domain), {@code dummy:ANONYMOUS} (the dummy value), {@code year-only:birth} (a birth date:
 * suppressed for ages of 90 and over).
 */
public record Rule(Action action, String argument) {

    public static final Rule KEEP = new Rule(Action.KEEP, null);
    public static final Rule REMOVE = new Rule(Action.REMOVE, null);

    public static Rule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty rule");
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        Action a = Action.of(colon < 0 ? s : s.substring(0, colon));
        String arg = colon < 0 ? null : s.substring(colon + 1).trim();
        if (arg != null && arg.isEmpty()) {
            arg = null;
        }
        if ((a == Action.SURROGATE || a == Action.PSEUDONYM) && arg == null) {
            throw new IllegalArgumentException(a + " needs an identifier domain, e.g. " + a + ":patient-id");
        }
        return new Rule(a, arg);
    }

    /** True for year-only:birth, the birth date of Safe Harbor's "90 or older" rule. */
    public boolean isBirthDate() {
        return "birth".equals(argument);
    }

    @Override
    public String toString() {
        return argument == null ? action.yamlName() : action.yamlName() + ":" + argument;
    }
}
