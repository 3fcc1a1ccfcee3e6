package dev.mcpoauth;

import java.sql.Connection;
import java.sql.DriverManager;
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
 * Creates the empty PostgreSQL schema the integration suite migrates into (run by the build
 * before the suite), and drops schemas that earlier runs left behind more than six hours ago.
 */
public final class FreshSchema {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private FreshSchema() {}

    public static void main(String[] args) throws SQLException {
        String url = args[0];
        String user = args[1];
        String password = args.length > 3 ? args[2] : "";
        String schema = args[args.length - 1];
        if (!schema.matches("it_\\d{14}")) {
            throw new IllegalArgumentException("unexpected schema name " + schema);
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            for (String stale : staleSchemas(connection)) {
                statement.execute("DROP SCHEMA " + stale + " CASCADE");
            }
            statement.execute("CREATE SCHEMA " + schema);
        }
        System.out.println("Created PostgreSQL schema " + schema + " for the integration suite");
    }

    static List<String> staleSchemas(Connection connection) throws SQLException {
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(Duration.ofHours(6));
        List<String> stale = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'it\\_%'")) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (name.matches("it_\\d{14}")
                        && LocalDateTime.parse(name.substring(3), STAMP).isBefore(cutoff)) {
                    stale.add(name);
                }
            }
        }
        return stale;
    }
}
