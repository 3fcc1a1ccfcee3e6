package dev.mcpoauth.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * An empty PostgreSQL schema of a test's own (as {@code dev.mcpoauth.FreshSchema} makes the suite's),
 * on the suite's database: {@code <prefix>_<yyyyMMddHHmmss>}, dropped by {@link #close}; those an
 * aborted run left behind more than six hours ago are dropped at the next start.
 */
final class ScratchSchema implements AutoCloseable {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    final String serverUrl;
    final String user;
    final String password;
    final String name;

    private ScratchSchema(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** On the database the suite's PostgreSQL pass uses (its MCPOAUTH_DB_* environment), without its schema. */
    static ScratchSchema create(String prefix) throws SQLException {
        String suiteUrl = System.getenv("MCPOAUTH_DB_URL");
        if (suiteUrl == null || !suiteUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("MCPOAUTH_DB_URL names no PostgreSQL database: " + suiteUrl);
        }
        String serverUrl = suiteUrl.contains("?") ? suiteUrl.substring(0, suiteUrl.indexOf('?')) : suiteUrl;
        String user = System.getenv().getOrDefault("MCPOAUTH_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("MCPOAUTH_DB_PASSWORD", "");
        String name = prefix + "_" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP);
        ScratchSchema schema = new ScratchSchema(serverUrl, user, password, name);
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            for (String stale : stale(connection, prefix)) {
                statement.execute("DROP SCHEMA " + stale + " CASCADE");
            }
            statement.execute("CREATE SCHEMA " + name);
        }
        return schema;
    }

    String url() {
        return serverUrl + "?currentSchema=" + name;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl, user, password);
    }

    /** Takes a timer's lease (table timer_lease) for the test, as a node would, so that no node runs it. */
    void holdTimerLease(String timer) throws SQLException {
        setLease(timer, "the test", "2999-01-01 00:00:00");
    }

    /** Lets the nodes take the lease again. */
    void releaseTimerLease(String timer) throws SQLException {
        setLease(timer, null, "1970-01-01 00:00:00");
    }

    void setLease(String timer, String holder, String until) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement("UPDATE " + name
                        + ".timer_lease SET holder = ?, leased_until = CAST(? AS timestamp) WHERE name = ?")) {
            update.setString(1, holder);
            update.setString(2, until);
            update.setString(3, timer);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no timer_lease row " + timer + " in " + name);
            }
        }
    }

    static List<String> stale(Connection connection, String prefix) throws SQLException {
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(Duration.ofHours(6));
        List<String> stale = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT schema_name FROM information_schema.schemata")) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (name.matches(prefix + "_\\d{14}")
                        && LocalDateTime.parse(name.substring(prefix.length() + 1), STAMP).isBefore(cutoff)) {
                    stale.add(name);
                }
            }
        }
        return stale;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
