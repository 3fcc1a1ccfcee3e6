package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** A connection's life driven through the public API, for tests that need servers, flows and connected users. */
final class Lifecycle {

    final BrokerClient broker;
    final Peers peers;

    Lifecycle(BrokerClient broker, Peers peers) {
        this.broker = broker;
        this.peers = peers;
    }

    /** A new MCP server on the peers; {@code members} are extra JSON members such as the connection mode. */
    String createServer(String members) {
        return createServerAt(peers.mcpUrl(), members);
    }

    String createServerAt(String url, String members) {
        HttpResponse<String> created = broker.post("api/v1/servers?validate=false", """
                {"name":"%s","url":"%s"%s}
                """.formatted("api-" + UUID.randomUUID(), url, members.isEmpty() ? "" : "," + members),
                BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    JsonObject startFlow(String serverId, String authorization) {
        HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}",
                authorization);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return json(started);
    }

    /** Signs in through the real login and consent pages; returns the connection id. */
    String connect(String serverId, String authorization, String asUser) {
        JsonObject flow = startFlow(serverId, authorization);
        HttpResponse<String> page = new BrokerBrowser(broker).connect(flow.getString("authorizationUrl"), authorization,
                asUser);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return flow.getString("connectionId");
    }

    /** The current access token, through the test WAR's probe of the in-process API. */
    String token(String connectionId) {
        HttpResponse<String> token = broker.get(broker.uri("test/tokens/" + connectionId));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return json(token).getString("token");
    }

    String status(String connectionId, String authorization) {
        return json(broker.get("api/v1/connections/" + connectionId, authorization)).getString("status");
    }

    /** A bearer JWT of the test identity provider, for callers with roles the configured users lack. */
    static String jwt(String user, String... groups) {
        try (InputStream in = Lifecycle.class.getResourceAsStream("/it/jwt-signing-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("-----[A-Z ]+-----|\\s", "");
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(pem)));
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder()
                            .issuer("https://idp.it.mcpoauth.dev")
                            .subject("subject-" + user)
                            .claim("upn", user)
                            .claim("groups", List.of(groups))
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plusSeconds(600)))
                            .jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(new RSASSASigner(key));
            return "Bearer " + jwt.serialize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
