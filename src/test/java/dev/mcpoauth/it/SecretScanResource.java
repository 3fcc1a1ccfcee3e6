package dev.mcpoauth.it;

import dev.mcpoauth.SchemaMigration;
import dev.mcpoauth.sealing.control.SecretSealer;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * TEST WAR ONLY, for SecretScanIT: opens the sealed columns of the given servers, connections and
 * issuer in the container and hands the plaintexts to the test (the values the scan looks for),
 * dumps every row of every table of the current schema as text, and writes a marker into the
 * server log (proof that the scanned log file is this server's live log).
 */
@Path("test/secretscan")
@Produces(MediaType.APPLICATION_JSON)
public class SecretScanResource {

    static final System.Logger LOGGER = System.getLogger(SecretScanResource.class.getName());

    @Resource(lookup = SchemaMigration.DATA_SOURCE)
    DataSource dataSource;

    @Inject
    SecretSealer sealer;

    @GET
    @Path("secrets")
    public JsonObject secrets(@QueryParam("server") List<String> servers,
            @QueryParam("connection") List<String> connections, @QueryParam("issuer") String issuer)
            throws SQLException {
        JsonArrayBuilder access = Json.createArrayBuilder();
        JsonArrayBuilder refresh = Json.createArrayBuilder();
        JsonArrayBuilder verifiers = Json.createArrayBuilder();
        JsonArrayBuilder clientSecrets = Json.createArrayBuilder();
        JsonArrayBuilder registrationTokens = Json.createArrayBuilder();
        JsonArrayBuilder serverSecrets = Json.createArrayBuilder();
        JsonArrayBuilder serverKeys = Json.createArrayBuilder();
        JsonArrayBuilder workloadTokens = Json.createArrayBuilder();
        JsonArrayBuilder idpSecrets = Json.createArrayBuilder();
        JsonArrayBuilder dpopKeys = Json.createArrayBuilder();
        JsonArrayBuilder dpopPrivateKeys = Json.createArrayBuilder();
        try (Connection db = dataSource.getConnection()) {
            for (String connectionId : connections) {
                for (List<String> row : rows(db, "SELECT access_token_sealed, refresh_token_sealed, dpop_key_sealed"
                        + " FROM token_set WHERE connection_id = ?", connectionId)) {
                    access.add(sealer.open(row.get(0), "token_set.access_token/" + connectionId));
                    if (row.get(1) != null) {
                        refresh.add(sealer.open(row.get(1), "token_set.refresh_token/" + connectionId));
                    }
                    if (row.get(2) != null) {
                        String stored = sealer.open(row.get(2), "token_set.dpop_key/" + connectionId);
                        dpopKeys.add(stored);
                        dpopPrivateKeys.add(privatePart(stored));
                    }
                }
                for (List<String> row : rows(db, "SELECT id, code_verifier_sealed FROM authorization_flow"
                        + " WHERE connection_id = ?", connectionId)) {
                    verifiers.add(sealer.open(row.get(1), "authorization_flow.code_verifier/" + row.get(0)));
                }
            }
            for (List<String> row : rows(db, "SELECT id, client_secret_sealed, registration_access_token_sealed"
                    + " FROM client_registration WHERE issuer = ?", issuer)) {
                if (row.get(1) != null) {
                    clientSecrets.add(sealer.open(row.get(1), "client_registration.client_secret/" + row.get(0)));
                }
                if (row.get(2) != null) {
                    registrationTokens.add(sealer.open(row.get(2),
                            "client_registration.registration_access_token/" + row.get(0)));
                }
            }
            for (String serverId : servers) {
                for (List<String> row : rows(db, "SELECT client_secret_sealed, client_private_key_sealed,"
                        + " workload_token_sealed, idp_client_secret_sealed FROM mcp_server WHERE id = ?", serverId)) {
                    openInto(serverSecrets, row.get(0), "mcp_server.client_secret/" + serverId);
                    openInto(serverKeys, row.get(1), "mcp_server.client_private_key/" + serverId);
                    openInto(workloadTokens, row.get(2), "mcp_server.workload_token/" + serverId);
                    openInto(idpSecrets, row.get(3), "mcp_server.idp_client_secret/" + serverId);
                }
            }
        }
        return Json.createObjectBuilder()
                .add("accessToken", access)
                .add("refreshToken", refresh)
                .add("codeVerifier", verifiers)
                .add("registrationClientSecret", clientSecrets)
                .add("registrationAccessToken", registrationTokens)
                .add("serverClientSecret", serverSecrets)
                .add("serverClientPrivateKey", serverKeys)
                .add("workloadToken", workloadTokens)
                .add("idpClientSecret", idpSecrets)
                .add("dpopKey", dpopKeys)
                .add("dpopPrivateKey", dpopPrivateKeys)
                .build();
    }

    void openInto(JsonArrayBuilder values, String sealed, String aad) {
        if (sealed != null) {
            values.add(sealer.open(sealed, aad));
        }
    }

    /** The JWK {@code d} of a stored DPoP key (base64url PKCS #8, a dot, X.509): what a leak would show. */
    static String privatePart(String stored) {
        try {
            java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) java.security.KeyFactory
                    .getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                            java.util.Base64.getUrlDecoder().decode(stored.substring(0, stored.indexOf('.')))));
            byte[] s = key.getS().toByteArray();
            byte[] d = new byte[32];
            int copy = Math.min(s.length, 32);
            System.arraycopy(s, s.length - copy, d, 32 - copy, copy);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every row of every base table of the connection's current schema (H2 and PostgreSQL alike),
     * each column rendered as text: {@code {keyId, schema, tables: {name: [{column: value}]}}}.
     */
    @GET
    @Path("dump")
    public JsonObject dump() throws SQLException {
        JsonObjectBuilder tables = Json.createObjectBuilder();
        String schema;
        try (Connection db = dataSource.getConnection()) {
            schema = db.getSchema();
            List<String> names = new ArrayList<>();
            for (List<String> row : rows(db, "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = ? AND table_type = 'BASE TABLE'", schema)) {
                names.add(row.get(0));
            }
            Collections.sort(names);
            for (String table : names) {
                JsonArrayBuilder rows = Json.createArrayBuilder();
                try (Statement select = db.createStatement();
                        ResultSet result = select.executeQuery("SELECT * FROM " + quoted(schema) + "." + quoted(table))) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        JsonObjectBuilder row = Json.createObjectBuilder();
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            String value = result.getString(i);
                            String column = columns.getColumnLabel(i).toLowerCase();
                            if (value == null) {
                                row.addNull(column);
                            } else {
                                row.add(column, value);
                            }
                        }
                        rows.add(row);
                    }
                }
                tables.add(table.toLowerCase(), rows);
            }
        }
        return Json.createObjectBuilder()
                .add("keyId", sealer.activeKeyId())
                .add("schema", schema)
                .add("tables", tables)
                .build();
    }

    @POST
    @Path("marker")
    public JsonObject marker(@QueryParam("text") String text) {
        LOGGER.log(System.Logger.Level.INFO, "secret scan marker {0}", text);
        return Json.createObjectBuilder().add("logged", text).build();
    }

    static List<List<String>> rows(Connection db, String sql, String parameter) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                int count = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= count; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
