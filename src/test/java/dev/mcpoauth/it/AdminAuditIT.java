package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ADMIN;
import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What admins do is audited under their key, against the real peers: servers created, changed,
 * validated and deleted, and a person's connection revoked; and an admin's event stream starts
 * with the state of everyone's connections.
 */
@ArquillianTest
class AdminAuditIT {

    static final String ROOT = "basic:root";
    static final String SECRET = "pre-registered-secret-" + UUID.randomUUID();

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();
    final Lifecycle lifecycle = new Lifecycle(broker, peers);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("admin-audit-").start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void auditsEachChangeToAServerWithTheAdminAndNoSecret() {
        String name = "audited-" + UUID.randomUUID();
        String definition = """
                {"name":"%s","url":"%s","issuer":"%s","clientId":"broker-client","clientSecret":"%s"}
                """.formatted(name, peers.mcpUrl(), peers.asIssuer(), SECRET);
        try (EventStreamClient adminStream = EventStreamClient.open(broker, ADMIN, null)) {
            HttpResponse<String> created = broker.post("api/v1/servers?validate=false", definition, ADMIN);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String serverId = json(created).getString("id");
            JsonObject streamed = adminStream.next(event -> "ServerCreated".equals(event.name())
                    && event.names(serverId), Duration.ofSeconds(20)).json();
            assertThat(streamed.getString("details")).as("streamed live to admins").contains(name);

            HttpResponse<String> changed = broker.put("api/v1/servers/" + serverId + "?validate=false",
                    definition.replace(name, name + "-renamed"), ADMIN);
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            HttpResponse<String> deleted = broker.delete("api/v1/servers/" + serverId, ADMIN);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

            JsonObject createdRow = only(serverId, "ServerCreated");
            assertThat(createdRow.getString("outcome")).isEqualTo("SUCCESS");
            assertThat(createdRow.getString("details")).contains(name, peers.mcpUrl());
            assertThat(only(serverId, "ServerChanged").getString("details")).contains(name + "-renamed");
            assertThat(only(serverId, "ServerDeleted").getString("details")).contains(name + "-renamed");
            assertThat(audit("server=" + serverId).toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void auditsAValidationThatPassesAndOneThatFailsWithTheStep() {
        String valid = lifecycle.createServer("");
        String nowhere = lifecycle.createServerAt(peers.mcpUrl() + "-nowhere-" + UUID.randomUUID(), "");

        assertThat(json(broker.post("api/v1/servers/" + valid + "/validate", "{}", ADMIN)).getBoolean("valid"))
                .isTrue();
        assertThat(json(broker.post("api/v1/servers/" + nowhere + "/validate", "{}", ADMIN)).getBoolean("valid"))
                .isFalse();

        JsonObject passed = only(valid, "ServerValidated");
        assertThat(passed.getString("outcome")).isEqualTo("SUCCESS");
        JsonObject failed = only(nowhere, "ServerValidated");
        assertThat(failed.getString("outcome")).isEqualTo("FAILURE");
        assertThat(failed.getString("details")).endsWith("failed at the discovery step");
    }

    @Test
    void auditsAnAdminsRevocationOfAPersonsConnectionWithBothOfThem() {
        String serverId = lifecycle.createServer("");
        String connectionId = lifecycle.connect(serverId, ALICE, "alice");
        String mine = lifecycle.connect(lifecycle.createServer(""), ALICE, "alice");

        assertThat(broker.delete("api/v1/connections/" + connectionId, ADMIN).statusCode()).isEqualTo(200);
        assertThat(broker.delete("api/v1/connections/" + mine, ALICE).statusCode()).isEqualTo(200);

        JsonObject revoked = only(serverId, "ConnectionRevokedByAdmin");
        assertThat(revoked.getString("actor")).isEqualTo(ROOT);
        assertThat(revoked.getString("user")).isEqualTo("basic:alice");
        assertThat(revoked.getString("connectionId")).isEqualTo(connectionId);
        assertThat(revoked.getString("details")).contains("confirmed the revocation");
        assertThat(audit("connection=" + mine + "&type=ConnectionRevokedByAdmin").getInt("total"))
                .as("a person disconnecting their own is no admin action").isZero();
    }

    @Test
    void startsAnAdminsStreamWithTheStateOfEveryonesConnections() {
        String connectionId = lifecycle.connect(lifecycle.createServer(""), ALICE, "alice");

        try (EventStreamClient admin = EventStreamClient.open(broker, ADMIN, null);
                EventStreamClient alice = EventStreamClient.open(broker, ALICE, null)) {
            JsonObject state = admin.next("connection-state", connectionId).json();
            assertThat(state.getString("status")).isEqualTo("CONNECTED");
            assertThat(alice.next("connection-state", connectionId).json().getString("status"))
                    .isEqualTo("CONNECTED");
        }
    }

    JsonObject only(String serverId, String type) {
        List<JsonObject> items = audit("server=" + serverId + "&type=" + type).getJsonArray("items")
                .getValuesAs(JsonObject.class);
        assertThat(items).as(type + " of " + serverId).hasSize(1);
        JsonObject row = items.get(0);
        assertThat(row.getString("type")).isEqualTo(type);
        assertThat(row.getString("serverId")).isEqualTo(serverId);
        assertThat(row.getString("actor")).isEqualTo(ROOT);
        return row;
    }

    JsonObject audit(String query) {
        HttpResponse<String> response = broker.get("api/v1/audit?" + query, ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
