package bench;

import dev.mcpoauth.peers.JsonMaps;
import dev.mcpoauth.peers.PeerTokens;
import dev.mcpoauth.peers.Peers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P5, sweep scale, on PostgreSQL (a schema of its own, dropped at the end):
 * <ol>
 * <li>the broker boots once on the empty schema (Liquibase creates it), real grants are made
 *     through the real flow (JWT callers, one connection each);</li>
 * <li>the due query as EclipseLink sends it (read from {@code pg_stat_activity} while the refresh
 *     timer runs), over 100,000 connections of which 10,000 are due (cloned from a real row by SQL,
 *     inside a transaction the broker cannot see), with {@code EXPLAIN (ANALYZE, BUFFERS)}, as a
 *     custom and as a generic plan; the due rows are then moved out of the window and the 100,000
 *     rows committed, so the sweep below runs over a table of that size;</li>
 * <li>the real grants are made due at once and the broker's own timer (short interval) refreshes
 *     them: refreshes per second counted at the AS, against the AS's own refresh throughput
 *     measured directly with keep-alive (sequential and with several callers).</li>
 * </ol>
 */
public final class P5Sweep {

    static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

    public static void main(String[] args) throws Exception {
        String pgUrl = Bench.env("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String pgUser = Bench.env("BENCH_PG_USER", "postgres");
        String pgPassword = System.getenv().getOrDefault("BENCH_PG_PASSWORD", "");
        int rows = Bench.intEnv("BENCH_ROWS", 100_000);
        int dueRows = Bench.intEnv("BENCH_DUE", 10_000);
        // the AS peer (oidc-provider's memory adapter) keeps only the last 1,000-2,000 objects, about 9
        // per grant: a few hundred grants evict refresh tokens before the sweep uses them
        int grants = Bench.intEnv("BENCH_GRANTS", 100);
        int directGrants = Bench.intEnv("BENCH_DIRECT_GRANTS", Math.min(grants, 50));
        int asCallers = Bench.intEnv("BENCH_AS_CALLERS", 8);
        int connectParallel = Bench.intEnv("BENCH_CONNECT_PARALLEL", 4);
        String interval = Bench.env("BENCH_REFRESH_INTERVAL", "PT2S");
        String batch = Bench.env("BENCH_REFRESH_BATCH", "");
        Duration sweepTimeout = Bench.durationEnv("BENCH_SWEEP_TIMEOUT", Duration.ofMinutes(8));
        String schema = "bench_p5_" + System.currentTimeMillis() / 1000;
        String startLoad = Bench.loadAverage();

        try (Connection admin = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
             Statement st = admin.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        Bench.log("PostgreSQL schema %s created", schema);
        String brokerDb = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "mcpoauth.token.refresh-interval", interval,
                "mcpoauth.token.refresh-window", "PT10M"));
        if (!batch.isEmpty()) {
            settings.put("mcpoauth.token.refresh-batch", batch);
        }
        try (Peers peers = Peers.builder().accessTokenTtl(Duration.ofHours(1)).logNamePrefix("bench-p5-").start();
             BrokerNode broker = BrokerNode.start("p5", settings, Map.of("MCPOAUTH_DB_URL", brokerDb,
                     "MCPOAUTH_DB_USER", pgUser, "MCPOAUTH_DB_PASSWORD", pgPassword));
             Connection db = DriverManager.getConnection(brokerDb, pgUser, pgPassword)) {
            Bench.requireLoopbackOnly("peers", peers.authorizationServer().pid(), peers.mcpServer().pid());
            Flows flows = new Flows(broker);
            String serverId = flows.createServer(peers.mcpUrl());

            // 1. real grants
            Instant t0 = Instant.now();
            List<String> real = connectAll(flows, serverId, grants, connectParallel);
            Bench.log("%d real grants in %.1f s", real.size(), Duration.between(t0, Instant.now()).toMillis() / 1000.0);

            // 2. the due query's plan over 100,000 rows
            String dueSql = captureDueQuery(db, broker, Duration.ofSeconds(60));
            Plans plans = explainOverSyntheticRows(db, real.get(0), rows, dueRows, dueSql);

            // 3a. the broker's sweep (first: the AS peer keeps only its last 1,000-2,000 objects, so the
            // floor's own grants must not come before it)
            peers.resetCounters();
            Instant made = makeDue(db, real);
            Sweep sweep = awaitSweep(peers, real.size(), made, sweepTimeout);
            long notRefreshed = stillDue(db, real);
            // the AS answers before the broker commits the new tokens: give the last commits a moment
            for (int i = 0; i < 100 && notRefreshed > 0 && !sweep.timedOut(); i++) {
                Bench.sleep(Duration.ofMillis(100));
                notRefreshed = stillDue(db, real);
            }
            Map<String, Object> as = peers.asCounters();
            long connected = count(db, "SELECT count(*) FROM mcp_connection WHERE status = 'CONNECTED' AND id NOT LIKE 'bench-%'");

            // 3b. the AS alone
            PeerTokens direct = new PeerTokens(peers);
            List<PeerTokens.Grant> own = new ArrayList<>();
            for (int i = 0; i < directGrants; i++) {
                own.add(direct.authorize("mcp:read offline_access"));
            }
            refreshAll(direct, own, asCallers); // warm-up pass, not counted
            double asSequential = refreshAll(direct, own, 1);
            double asConcurrent = refreshAll(direct, own, asCallers);
            double asAfter = refreshAll(direct, own, asCallers);
            Bench.log("AS alone: %.1f refreshes/s sequential, %.1f and %.1f with %d callers", asSequential, asConcurrent,
                    asAfter, asCallers);

            Bench.out("");
            Bench.out("%s", Bench.header("P5 sweep scale on PostgreSQL"));
            Bench.out("schema %s on %s (dropped at the end); broker JVM %s", schema, pgUrl,
                    Bench.env("BENCH_JVM_OPTS", BrokerNode.JVM_DEFAULT));
            Bench.out("");
            Bench.out("due query as EclipseLink sends it (%s):", plans.captured ? "read from pg_stat_activity" : "NOT captured: reconstructed from the JPQL");
            Bench.out("  %s", plans.sql);
            Bench.out("over %d connections (%d real + %d cloned), %d due; parameters now=%s, horizon=now+10m, LIMIT %s",
                    plans.total, real.size(), rows, plans.due, plans.now, plans.limit);
            Bench.out("");
            Bench.out("EXPLAIN (ANALYZE, BUFFERS), custom plan:");
            plans.custom.forEach(l -> Bench.out("  %s", l));
            Bench.out("EXPLAIN (ANALYZE, BUFFERS), generic plan (what a server-side prepared statement may switch to):");
            plans.generic.forEach(l -> Bench.out("  %s", l));
            Bench.out("sequential scan in either plan: %s", plans.seqScan() ? "YES (goal: none)" : "no");
            Bench.out("");
            Bench.out("sweep of %d real grants made due at once (refresh interval %s, batch %s, window PT10M, table of %d rows):",
                    real.size(), interval, batch.isEmpty() ? "default" : batch, plans.total);
            long requests = JsonMaps.number(as, "token.refresh_token");
            long succeeded = JsonMaps.number(as, "tokenSuccess.refresh_token");
            Bench.out("  token requests at the AS %d (answered 200: %d), rotated refresh tokens presented again %d; afterwards"
                    + " %d of the %d real connections CONNECTED, %d still due", requests, succeeded,
                    JsonMaps.number(as, "refreshTokenReuse"), connected, real.size(), notRefreshed);
            if (succeeded < requests || succeeded < real.size()) {
                Bench.out("  WARNING: %d refreshes refused or missing at the AS (see target/peers/bench-p5-as.log): the rate below"
                        + " counts successful refreshes only", real.size() - succeeded);
            }
            Bench.out("  first refresh %.1f s after the rows were made due, last %.1f s after%s",
                    sweep.firstSeconds, sweep.lastSeconds, sweep.timedOut ? " (TIMED OUT at " + sweepTimeout + ")" : "");
            Bench.out("  broker sweep: %.1f refreshes/s (first to last), %.1f refreshes/s (from making them due, timer wait included)",
                    sweep.rate(), sweep.refreshed / Math.max(1e-9, sweep.lastSeconds));
            Bench.out("  AS alone right after, keep-alive, %d own grants: %.1f refreshes/s sequential, %.1f with %d callers (%.1f in a second pass)",
                    directGrants, asSequential, asConcurrent, asCallers, asAfter);
            double asBest = Math.max(asSequential, Math.max(asConcurrent, asAfter));
            Bench.out("  ratio broker sweep / AS alone: %.2fx of the AS's best measured rate (%.1f/s; goal 0.8x), %.2fx of its"
                            + " sequential rate", Bench.ratio(sweep.rate(), asBest), asBest, Bench.ratio(sweep.rate(), asSequential));
            Bench.out("load average: start %s, end %s (other busy processes skew the figures: compare ratios)", startLoad,
                    Bench.loadAverage());
        } finally {
            try (Connection admin = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
                 Statement st = admin.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
                Bench.log("PostgreSQL schema %s dropped", schema);
            }
        }
    }

    static List<String> connectAll(Flows flows, String serverId, int grants, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < grants; i++) {
                String user = "bench-sweep-" + i;
                futures.add(pool.submit(() -> flows.connect(serverId, Flows.jwt(user), user)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get(5, TimeUnit.MINUTES));
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The due query's text with its {@code $n} placeholders, from a backend the refresh timer used. */
    static String captureDueQuery(Connection db, BrokerNode broker, Duration timeout) throws SQLException {
        Instant deadline = Instant.now().plus(timeout);
        // only this broker's backends (other brokers on the machine may use the same database)
        try (PreparedStatement q = db.prepareStatement("SELECT query FROM pg_stat_activity WHERE datname = current_database()"
                + " AND client_port = ANY (?) AND query ILIKE '%half_life_at%' AND query ILIKE '%ORDER BY%'")) {
            while (Instant.now().isBefore(deadline)) {
                q.setArray(1, db.createArrayOf("int4", brokerDatabasePorts(broker).toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1).trim();
                    }
                }
                Bench.sleep(Duration.ofMillis(20));
            }
        }
        Bench.log("the due query did not show in pg_stat_activity within %s: reconstructing it", timeout);
        return null;
    }

    /** The local ports of the broker's TCP connections to port 5432 ({@code ss -Htnp}). */
    static List<Integer> brokerDatabasePorts(BrokerNode broker) {
        List<Integer> ports = new ArrayList<>();
        for (String line : Bench.run(Duration.ofSeconds(10), "ss", "-Htnp").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && line.contains("pid=" + broker.pid() + ",") && f[4].endsWith(":5432")) {
                ports.add(Integer.parseInt(f[3].substring(f[3].lastIndexOf(':') + 1)));
            }
        }
        return ports;
    }

    record Plans(String sql, boolean captured, long total, long due, String now, String limit, List<String> custom,
                 List<String> generic) {
        boolean seqScan() {
            return custom.stream().anyMatch(l -> l.contains("Seq Scan")) || generic.stream().anyMatch(l -> l.contains("Seq Scan"));
        }
    }

    /**
     * Clones a real connection and its token row {@code rows} times (all columns copied, keys made
     * unique, {@code dueRows} of them due), explains the due query, moves the clones out of the
     * window and commits; the broker never sees a due clone.
     */
    static Plans explainOverSyntheticRows(Connection db, String template, int rows, int dueRows, String captured)
            throws SQLException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            clone(db, "mcp_connection", "id", template, rows, Map.of(
                    "id", "'bench-' || g",
                    "owner_key", "left(src.owner_key, 290) || '#' || g",
                    "owner_user", "CASE WHEN src.owner_user IS NULL THEN NULL ELSE left(src.owner_user, 180) || '#' || g END"));
            clone(db, "token_set", "connection_id", template, rows, Map.of(
                    "connection_id", "'bench-' || g",
                    // due: past half-life, expiring within the 10-minute window; the others: a day away
                    "expires_at", "CASE WHEN g <= " + dueRows + " THEN ?::timestamp + (g % 400) * interval '1 second'"
                            + " ELSE ?::timestamp + interval '1 day' + (g % 86400) * interval '1 second' END",
                    "half_life_at", "CASE WHEN g <= " + dueRows + " THEN ?::timestamp - interval '1 minute'"
                            + " ELSE ?::timestamp + interval '12 hours' END"),
                    Timestamp.valueOf(now.plusMinutes(2)), Timestamp.valueOf(now), Timestamp.valueOf(now), Timestamp.valueOf(now));
            try (Statement st = db.createStatement()) {
                st.execute("ANALYZE mcp_connection");
                st.execute("ANALYZE token_set");
            }
            long total = count(db, "SELECT count(*) FROM token_set");
            String sql = captured != null ? captured
                    : "SELECT connection_id FROM token_set WHERE ((half_life_at <= $1) AND (expires_at <= $2)"
                    + " AND ((refresh_token_sealed IS NOT NULL) OR (renewed_by_grant = $3))) ORDER BY expires_at LIMIT $4";
            String limit = "100";
            List<String> values = new ArrayList<>();
            Matcher m = PARAM.matcher(sql);
            List<Integer> seen = new ArrayList<>();
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                if (seen.contains(n)) {
                    continue;
                }
                seen.add(n);
                String before = sql.substring(Math.max(0, m.start() - 40), m.start()).toLowerCase();
                int last = Math.max(Math.max(before.lastIndexOf("half_life_at"), before.lastIndexOf("expires_at")),
                        Math.max(before.lastIndexOf("renewed_by_grant"), Math.max(before.lastIndexOf("limit"),
                                before.lastIndexOf("offset"))));
                String tail = last < 0 ? "" : before.substring(last);
                String value = tail.startsWith("half_life_at") ? "'" + Timestamp.valueOf(now) + "'"
                        : tail.startsWith("expires_at") ? "'" + Timestamp.valueOf(now.plusMinutes(10)) + "'"
                        : tail.startsWith("renewed_by_grant") ? "true"
                        : tail.startsWith("limit") ? limit
                        : tail.startsWith("offset") ? "0"
                        : null;
                if (value == null) {
                    throw new IllegalStateException("cannot tell parameter $" + n + " of the due query: " + sql);
                }
                while (values.size() < n) {
                    values.add(null);
                }
                values.set(n - 1, value);
            }
            long due = count(db, "SELECT count(*) FROM token_set WHERE half_life_at <= '" + Timestamp.valueOf(now)
                    + "' AND expires_at <= '" + Timestamp.valueOf(now.plusMinutes(10)) + "'");
            List<String> custom;
            List<String> generic;
            try (Statement st = db.createStatement()) {
                st.execute("PREPARE bench_due AS " + sql);
                String execute = "EXECUTE bench_due(" + String.join(", ", values) + ")";
                custom = lines(st, "EXPLAIN (ANALYZE, BUFFERS) " + execute);
                st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                generic = lines(st, "EXPLAIN (ANALYZE, BUFFERS) " + execute);
                st.execute("DEALLOCATE bench_due");
                // out of the window before anyone else can see them
                st.executeUpdate("UPDATE token_set SET expires_at = expires_at + interval '2 days',"
                        + " half_life_at = half_life_at + interval '2 days' WHERE connection_id LIKE 'bench-%'");
            }
            db.commit();
            return new Plans(sql, captured != null, total, due, Timestamp.valueOf(now).toString(), limit, custom, generic);
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** INSERT ... SELECT of every column of {@code table} from the template row, with some columns replaced. */
    static void clone(Connection db, String table, String key, String template, int rows, Map<String, String> replaced,
                      Object... parameters) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        List<String> select = new ArrayList<>();
        for (String c : columns) {
            select.add(replaced.getOrDefault(c, "src." + c));
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", select)
                + " FROM " + table + " src, generate_series(1, " + rows + ") g WHERE src." + key + " = ?";
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            int i = 1;
            // the replaced expressions' parameters come in the column order of the table
            for (String c : columns) {
                String expression = replaced.get(c);
                if (expression != null) {
                    int placeholders = expression.length() - expression.replace("?", "").length();
                    for (int p = 0; p < placeholders; p++) {
                        insert.setObject(i, parameters[i - 1]);
                        i++;
                    }
                }
            }
            insert.setString(i, template);
            int inserted = insert.executeUpdate();
            Bench.log("%s: %d rows cloned from a real one", table, inserted);
        }
    }

    static List<String> lines(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Refreshes every grant once with {@code callers} threads on the AS's keep-alive client; refreshes per second. */
    static double refreshAll(PeerTokens direct, List<PeerTokens.Grant> grants, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicLong next = new AtomicLong();
        List<PeerTokens.Grant> out = Collections.synchronizedList(new ArrayList<>(grants));
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            futures.add(pool.submit(() -> {
                for (int i = (int) next.getAndIncrement(); i < grants.size(); i = (int) next.getAndIncrement()) {
                    out.set(i, direct.refresh(out.get(i)));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        for (int i = 0; i < grants.size(); i++) {
            grants.set(i, out.get(i));
        }
        return grants.size() / seconds;
    }

    /** Puts the real grants past their half-life and 5 minutes from expiry: due, not expired. */
    static Instant makeDue(Connection db, List<String> ids) throws SQLException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement update = db.prepareStatement("UPDATE token_set SET expires_at = ?, half_life_at = ?"
                + " WHERE connection_id = ANY (?)")) {
            update.setTimestamp(1, Timestamp.valueOf(now.plusMinutes(5)));
            update.setTimestamp(2, Timestamp.valueOf(now.minusMinutes(1)));
            update.setArray(3, db.createArrayOf("varchar", ids.toArray()));
            int changed = update.executeUpdate();
            Bench.log("%d real grants made due", changed);
        }
        return Instant.now();
    }

    static long stillDue(Connection db, List<String> ids) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM token_set WHERE connection_id = ANY (?)"
                + " AND expires_at <= ?")) {
            q.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            q.setTimestamp(2, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).plusMinutes(10)));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    record Sweep(long refreshed, double firstSeconds, double lastSeconds, boolean timedOut) {
        double rate() {
            double span = lastSeconds - firstSeconds;
            return span <= 0 ? Double.NaN : (refreshed - 1) / span;
        }
    }

    /**
     * Polls the AS's refresh counters (every 50 ms) until {@code expected} refreshes were requested
     * or the timeout; times the first and the last successful one.
     */
    static Sweep awaitSweep(Peers peers, int expected, Instant since, Duration timeout) {
        double first = Double.NaN;
        double last = Double.NaN;
        long seen = 0;
        Instant deadline = since.plus(timeout);
        long lastLog = System.nanoTime();
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> counters = peers.asCounters();
            long requested = JsonMaps.number(counters, "token.refresh_token");
            long ok = JsonMaps.number(counters, "tokenSuccess.refresh_token");
            double at = Duration.between(since, Instant.now()).toNanos() / 1e9;
            if (ok > 0 && Double.isNaN(first)) {
                first = at;
            }
            if (ok > seen) {
                seen = ok;
                last = at;
            }
            if (requested >= expected) {
                return new Sweep(seen, first, last, false);
            }
            if (System.nanoTime() - lastLog > 15e9) {
                lastLog = System.nanoTime();
                Bench.log("sweep: %d of %d refreshed after %.0f s", ok, expected, at);
            }
            Bench.sleep(Duration.ofMillis(50));
        }
        return new Sweep(seen, first, last, true);
    }
}
