package org.radbridge.worklist.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/**
 * A Modality Worklist C-FIND identifier turned into conditions on the indexed columns (PS3.4 K.6.1.2,
 * C.2.2.2): sequence matching inside the Scheduled Procedure Step Sequence, single value, wild card,
 * universal, list of UIDs, ranges, combined SPS Start Date/Time, optional case-insensitive person names;
 * steps with a hidden status and expired steps are left out unless the query names an SPS Status (0040,0020)
 * (then every step whose status matches it is returned, expired ones included); a station filter applies
 * when the query names no Scheduled Station AE Title (modalities that send none). Keys outside
 * {@link MwlKeys} with a value are ignored and reported ({@link #optionalKeysNotSupported()}).
 */
public final class MwlQuery {

    /** How the SCP matches: see radbridge.worklist.* in docs/worklist.md. */
    public record Options(boolean pnCaseInsensitive, Collection<String> hiddenStatuses, String stationFilter) {
    }

    private final List<Condition> conditions;
    private final boolean unsupported;
    private final boolean statusNamed;

    private MwlQuery(List<Condition> conditions, boolean unsupported, boolean statusNamed) {
        this.conditions = List.copyOf(conditions);
        this.unsupported = unsupported;
        this.statusNamed = statusNamed;
    }

    /** Parses the identifier; IllegalArgumentException for a key value that cannot be matched (e.g. a bad date). */
    public static MwlQuery parse(Attributes keys, Options o) {
        List<Condition> conds = new ArrayList<>();
        boolean unsupported = false;
        boolean station = false;
        boolean status = false;
        for (Attributes.Element e : keys) {
            int tag = e.tag();
            if (tag == Tag.SpecificCharacterSet) {
                continue;
            }
            if (tag == Tag.ScheduledProcedureStepSequence) {
                Attributes sps = e.value() instanceof Sequence s && !s.isEmpty() ? s.get(0) : new Attributes();
                String date = null;
                String time = null;
                for (Attributes.Element x : sps) {
                    int t = x.tag();
                    if (t == Tag.ScheduledProcedureStepStartDate) {
                        date = sps.getRawString(t);
                        continue;
                    }
                    if (t == Tag.ScheduledProcedureStepStartTime) {
                        time = sps.getRawString(t);
                        continue;
                    }
                    MwlKeys.Key k = MwlKeys.find(MwlKeys.SPS, t);
                    if (k == null) {
                        unsupported |= hasMatchingValue(x);
                        continue;
                    }
                    Condition c = condition(k, sps, o);
                    if (c != null) {
                        conds.add(c);
                        station |= k.kind() == MwlKeys.Kind.STATION;
                        status |= t == Tag.ScheduledProcedureStepStatus;
                    }
                }
                Condition dt = startCondition(date, time);
                if (dt != null) {
                    conds.add(dt);
                }
                continue;
            }
            MwlKeys.Key k = MwlKeys.find(MwlKeys.ROOT, tag);
            if (k == null) {
                unsupported |= hasMatchingValue(e);
                continue;
            }
            Condition c = condition(k, keys, o);
            if (c != null) {
                conds.add(c);
            }
        }
        if (!station && o.stationFilter() != null && !o.stationFilter().isBlank()) {
            conds.add(new Condition.Station(List.of(o.stationFilter().strip())));
        }
        if (!status) {
            conds.add(new Condition.NotStatus(List.copyOf(o.hiddenStatuses())));
        }
        return new MwlQuery(conds, unsupported, status);
    }

    private static Condition condition(MwlKeys.Key k, Attributes a, Options o) {
        String v = a.getRawString(k.tag());
        if (Matching.isUniversal(v)) {
            return null;
        }
        return switch (k.kind()) {
            case STRING -> Condition.Text.of(k.column(), v, false);
            case PN -> Condition.Text.of(k.column(), v, o.pnCaseInsensitive());
            case UID -> new Condition.Uids(k.column(), Matching.alternatives(v));
            case DATE -> new Condition.Range(k.column(), DateTimeRange.dateOnly(DateTimeRange.Bounds.parse(v, false)));
            case STATION -> new Condition.Station(Matching.alternatives(v));
        };
    }

    /** Combined SPS Start Date/Time (PS3.4 C.2.2.2.5): date (and time) over sps_start, or time alone over sps_start_time. */
    private static Condition startCondition(String date, String time) {
        boolean d = !Matching.isUniversal(date);
        boolean t = !Matching.isUniversal(time);
        if (!d && !t) {
            return null;
        }
        DateTimeRange.Bounds tb = t ? DateTimeRange.Bounds.parse(time, true) : null;
        if (!d) {
            return new Condition.Range(Column.SPS_START_TIME, DateTimeRange.timeOnly(tb));
        }
        return new Condition.Range(Column.SPS_START, DateTimeRange.combined(DateTimeRange.Bounds.parse(date, false), tb));
    }

    /** True if an element (recursively for sequences) carries a value other than universal. */
    static boolean hasMatchingValue(Attributes.Element e) {
        Object v = e.value();
        if (v == null) {
            return false;
        }
        if (v instanceof Sequence s) {
            for (Attributes item : s) {
                for (Attributes.Element x : item) {
                    if (hasMatchingValue(x)) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (v instanceof String str) {
            return !Matching.isUniversal(str);
        }
        return e.vr() != VR.SQ && !e.isEmpty();
    }

    /** True if keys outside {@link MwlKeys} carried values (pending responses are then FF01). */
    public boolean optionalKeysNotSupported() {
        return unsupported;
    }

    /** True if the query names an SPS Status: hidden and expired steps with that status are returned too. */
    public boolean statusNamed() {
        return statusNamed;
    }

    /**
     * The WHERE clause narrowing by the indexed columns: complete items only (Modality and Scheduled Station AE
     * Title are Type 1, PS3.4 Table K.6-1), not expired unless the query names an SPS Status.
     */
    public String where(List<Object> args) {
        StringBuilder sb = new StringBuilder("modality IS NOT NULL AND station_aes IS NOT NULL");
        if (!statusNamed) {
            sb.append(" AND expired_at IS NULL");
        }
        for (Condition c : conditions) {
            c.sql(sb, args);
        }
        return sb.toString();
    }

    /**
     * The columns {@link #test} reads (identity, the Type 1 completeness check and the conditions'), in
     * {@link Column} order: a query reads only these of each candidate row.
     */
    public java.util.EnumSet<Column> columns() {
        java.util.EnumSet<Column> c = java.util.EnumSet.of(Column.ID, Column.MODALITY, Column.STATION_AES);
        for (Condition x : conditions) {
            c.add(x.column());
        }
        return c;
    }

    /** The exact decision on a row of {@link Column} values (incomplete items never match). */
    public boolean test(String[] row) {
        if (isBlank(row[Column.MODALITY.ordinal()]) || isBlank(row[Column.STATION_AES.ordinal()])) {
            return false;
        }
        for (Condition c : conditions) {
            if (!c.test(row)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
