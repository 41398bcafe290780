package org.radbridge.worklist.query;

import java.util.List;

/**
 * One matching condition of a query on the indexed columns: it narrows the SQL where the index helps
 * ({@link #sql}) and decides exactly on the row's column values ({@link #test}), so results never depend
 * on what a database's LIKE or collation does.
 */
interface Condition {

    /** Appends " AND ..." narrowing (or nothing) and its arguments. */
    void sql(StringBuilder where, List<Object> args);

    /** The exact rule on the row (column values by {@link Column#ordinal()}). */
    boolean test(String[] row);

    /** The column {@link #test} reads. */
    Column column();

    /**
     * String/PN keys: alternatives, each single value or wild card; {@code ci} compares values folded one code
     * point at a time ({@link Matching#fold}). The SQL narrows by the *_ci column (String upper case) only as far
     * as both upper cases agree ({@link Matching#indexSafe}); {@link #test} decides on the stored value.
     */
    record Text(Column column, List<String> alternatives, boolean ci) implements Condition {

        static Text of(Column c, String key, boolean ci) {
            List<String> alts = Matching.alternatives(key);
            if (ci) {
                alts = alts.stream().map(Matching::fold).toList();
            }
            return new Text(c, alts, ci);
        }

        private String col() {
            return ci ? column.ciColumn() : column.sql;
        }

        @Override
        public void sql(StringBuilder where, List<Object> args) {
            if (alternatives.size() == 1) {
                String p = alternatives.get(0);
                String literal = Matching.literalPrefix(p);
                String prefix = ci ? Matching.indexSafe(literal) : literal;
                if (!Matching.hasWildcard(p) && prefix.equals(p)) {
                    where.append(" AND ").append(col()).append("=?");
                    args.add(p);
                    return;
                }
                if (!prefix.isEmpty()) {
                    where.append(" AND ").append(col()).append(">=? AND ").append(col()).append("<?");
                    args.add(prefix);
                    args.add(Matching.prefixUpperBound(prefix));
                }
                return;
            }
            if (alternatives.stream().noneMatch(a -> Matching.hasWildcard(a) || (ci && !Matching.indexSafe(a).equals(a)))) {
                where.append(" AND ").append(col()).append(" IN (").append("?,".repeat(alternatives.size() - 1)).append("?)");
                args.addAll(alternatives);
            }
        }

        @Override
        public boolean test(String[] row) {
            String v = row[column.ordinal()];
            if (v != null && ci) {
                v = Matching.fold(v);
            }
            for (String a : alternatives) {
                if (Matching.matches(v, a, true)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Study Instance UID: list of UIDs (PS3.4 C.2.2.2.2), exact. */
    record Uids(Column column, List<String> uids) implements Condition {
        @Override
        public void sql(StringBuilder where, List<Object> args) {
            where.append(" AND ").append(column.sql).append(" IN (").append("?,".repeat(uids.size() - 1)).append("?)");
            args.addAll(uids);
        }

        @Override
        public boolean test(String[] row) {
            return uids.contains(row[column.ordinal()]);
        }
    }

    /** Scheduled Station AE Title: any stored value (station_aes holds them backslash-separated) matches. */
    record Station(List<String> alternatives) implements Condition {
        @Override
        public Column column() {
            return Column.STATION_AES;
        }

        @Override
        public void sql(StringBuilder where, List<Object> args) {
            if (alternatives.stream().noneMatch(Matching::hasWildcard)) {
                where.append(" AND id IN (SELECT item_id FROM worklist_stations WHERE station_ae IN (")
                        .append("?,".repeat(alternatives.size() - 1)).append("?))");
                args.addAll(alternatives);
            }
        }

        @Override
        public boolean test(String[] row) {
            String v = row[Column.STATION_AES.ordinal()];
            if (v == null) {
                return false;
            }
            for (String stored : v.split("\\\\")) {
                for (String a : alternatives) {
                    if (Matching.matches(stored, a, true)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A range on a column holding DA, HHMMSS or YYYYMMDDHHMMSS text. */
    record Range(Column column, DateTimeRange range) implements Condition {
        @Override
        public void sql(StringBuilder where, List<Object> args) {
            if (range.low() != null && range.low().equals(range.high())) {
                where.append(" AND ").append(column.sql).append("=?");
                args.add(range.low());
                return;
            }
            if (range.low() != null) {
                where.append(" AND ").append(column.sql).append(">=?");
                args.add(range.low());
            }
            if (range.high() != null) {
                where.append(" AND ").append(column.sql).append("<=?");
                args.add(range.high());
            }
            if (range.low() == null && range.high() == null) {
                where.append(" AND ").append(column.sql).append(" IS NOT NULL");
            }
        }

        @Override
        public boolean test(String[] row) {
            return range.contains(row[column.ordinal()]);
        }
    }

    /** SPS status not among the hidden ones (PS3.4 K.6 leaves which steps a worklist shows to the SCP). */
    record NotStatus(List<String> hidden) implements Condition {
        @Override
        public Column column() {
            return Column.SPS_STATUS;
        }

        @Override
        public void sql(StringBuilder where, List<Object> args) {
            if (!hidden.isEmpty()) {
                where.append(" AND sps_status NOT IN (").append("?,".repeat(hidden.size() - 1)).append("?)");
                args.addAll(hidden);
            }
        }

        @Override
        public boolean test(String[] row) {
            return !hidden.contains(row[Column.SPS_STATUS.ordinal()]);
        }
    }
}
