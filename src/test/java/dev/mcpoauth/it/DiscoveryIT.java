package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery and registration end to end: the real broker against a real authorization server
 * (oidc-provider) and a real MCP server (the TypeScript SDK), both on 127.0.0.1.
 */
@ArquillianTest
class DiscoveryIT {

    static final String BROKER = "broker";

    static Peers peers;

    @Deployment(name = BROKER, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @ArquillianResource
    Deployer deployer;

    final BrokerClient broker = BrokerClient.local();

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("discovery-").start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void discoversFromTheChallengeAloneRegistersOnceAndKeepsTheCacheAcrossARestart() {
        deployer.deploy(BROKER);
        String serverId = createServer();

        JsonObject first = validate(serverId, false);
        assertThat(first.getBoolean("valid")).as(first.toString()).isTrue();
        assertThat(first.getString("issuer")).isEqualTo(peers.asIssuer());
        assertThat(first.getString("resource")).isEqualTo(peers.mcpUrl());
        assertThat(first.getBoolean("fromCache")).isFalse();
        assertThat(first.toString()).contains("dynamically registered client");
        assertThat(peers.asCounter("registrations")).isEqualTo(1);
        long asMetadata = peers.asCounter("metadata");
        long resourceMetadata = peers.mcpCounter("metadata");
        assertThat(resourceMetadata).as("the PRM URL came from the 401 challenge").isEqualTo(1);

        deployer.undeploy(BROKER);
        deployer.deploy(BROKER);

        JsonObject afterRestart = validate(serverId, false);
        assertThat(afterRestart.getBoolean("valid")).as(afterRestart.toString()).isTrue();
        assertThat(afterRestart.getBoolean("fromCache")).isTrue();
        assertThat(afterRestart.getString("discoveredAt")).isEqualTo(first.getString("discoveredAt"));
        assertThat(peers.asCounter("metadata")).as("no metadata fetched again").isEqualTo(asMetadata);
        assertThat(peers.mcpCounter("metadata")).isEqualTo(resourceMetadata);
        assertThat(peers.asCounter("registrations")).as("the stored client is reused").isEqualTo(1);

        JsonObject refreshed = validate(serverId, true);
        assertThat(refreshed.getBoolean("fromCache")).isFalse();
        assertThat(peers.mcpCounter("metadata")).isEqualTo(resourceMetadata + 1);
        assertThat(peers.asCounter("registrations")).isEqualTo(1);
        deployer.undeploy(BROKER);
    }

    String createServer() {
        HttpResponse<String> created = broker.post("api/v1/servers?validate=false", """
                {"name":"%s","url":"%s"}
                """.formatted("peers-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    JsonObject validate(String serverId, boolean refresh) {
        HttpResponse<String> report = broker.post("api/v1/servers/" + serverId + "/validate?refresh=" + refresh, "",
                BrokerClient.ADMIN);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        return json(report);
    }
}
