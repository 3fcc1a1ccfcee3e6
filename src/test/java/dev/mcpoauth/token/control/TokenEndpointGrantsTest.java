package dev.mcpoauth.token.control;

import static dev.mcpoauth.testing.OAuthWire.basicCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.oauth.control.FormServer;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.oauth.entity.TokenEndpointAuthMethod;
import dev.mcpoauth.token.entity.TokenResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The grants that need no browser: client credentials, JWT bearer, and the token exchange for an ID-JAG. */
class TokenEndpointGrantsTest {

    static final String RESOURCE = "https://mcp.example.com/mcp";
    static final String ISSUER = "https://as.example.com";
    static final String TOKENS = """
            {"access_token":"cc-2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600}""";
    static final String ID_TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    static final String ID_JAG = "eyJ0eXAiOiJvYXV0aC1pZC1qYWcrand0In0.eyJzdWIiOiJhbGljZSJ9.c2ln";

    FormServer server;
    TokenEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        server = new FormServer();
        endpoint = new TokenEndpoint(FormServer.formPost(Duration.ofMillis(1500), 4096));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FormServer.Received onlyRequest() {
        assertThat(server.received).hasSize(1);
        return server.received.get(0);
    }

    @Test
    void asksForClientCredentialsWithBasicAuthentication() {
        server.json("/token", 200, TOKENS);

        TokenResponse tokens = endpoint.clientCredentials(server.url("/token"),
                ClientAuthentication.of("client_secret_basic", "svc", "s3cret"), "mcp:read", RESOURCE, Map.of(), null);

        assertThat(tokens.accessToken()).isEqualTo("cc-2YotnFZFEjr1zCsicMWpAA");
        assertThat(tokens.hasRefreshToken()).isFalse();
        FormServer.Received request = onlyRequest();
        assertThat(basicCredentials(request.header("Authorization").orElseThrow())).containsExactly("svc", "s3cret");
        assertThat(request.form()).containsExactly(
                Map.entry("grant_type", "client_credentials"),
                Map.entry("scope", "mcp:read"),
                Map.entry("resource", RESOURCE));
    }

    @Test
    void signsAFreshClientAssertionForEachPrivateKeyJwtRequest() {
        server.json("/token", 200, TOKENS);
        int[] signed = {0};
        ClientAuthentication client = new ClientAuthentication(TokenEndpointAuthMethod.PRIVATE_KEY_JWT, "svc", null,
                clientId -> "assertion-" + clientId + "-" + ++signed[0]);

        endpoint.clientCredentials(server.url("/token"), client, null, null, Map.of(), null);
        endpoint.clientCredentials(server.url("/token"), client, null, null, Map.of(), null);

        assertThat(server.received.get(0).form()).containsExactly(
                Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", "svc"),
                Map.entry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                Map.entry("client_assertion", "assertion-svc-1"));
        assertThat(server.received.get(1).form()).containsEntry("client_assertion", "assertion-svc-2");
        assertThat(server.received.get(0).header("Authorization")).isEmpty();
    }

    @Test
    void presentsAnAssertionAsTheGrantWithOrWithoutAClient() {
        server.json("/token", 200, TOKENS);

        endpoint.jwtBearer(server.url("/token"), null, ID_JAG, "mcp:read", RESOURCE, Map.of("audience", "api"), null);
        endpoint.jwtBearer(server.url("/token"), ClientAuthentication.none("workload"), ID_JAG, null, null, Map.of(), null);

        assertThat(server.received.get(0).form()).containsExactly(
                Map.entry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                Map.entry("assertion", ID_JAG),
                Map.entry("scope", "mcp:read"),
                Map.entry("resource", RESOURCE),
                Map.entry("audience", "api"));
        assertThat(server.received.get(1).form()).containsEntry("client_id", "workload").doesNotContainKey("scope");
    }

    @Test
    void surfacesARefusedAssertionAsTheServerSaidIt() {
        server.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired\"}");

        Rejected rejected = catchThrowableOfType(Rejected.class,
                () -> endpoint.jwtBearer(server.url("/token"), null, ID_JAG, null, null, Map.of(), null));

        assertThat(rejected.error().error()).isEqualTo("invalid_grant");
        assertThat(rejected.getMessage()).doesNotContain(ID_JAG);
        assertThat(server.received).hasSize(1);
    }

    @Test
    void exchangesAnIdTokenForAnIdentityAssertionGrant() {
        server.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:id-jag",
                 "token_type":"N_A","expires_in":300}""".formatted(ID_JAG));

        String grant = endpoint.identityAssertionGrant(server.url("/token"), ClientAuthentication.none("broker-at-idp"),
                ID_TOKEN, ISSUER, RESOURCE, "mcp:read");

        assertThat(grant).isEqualTo(ID_JAG);
        assertThat(onlyRequest().form()).containsExactly(
                Map.entry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                Map.entry("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag"),
                Map.entry("audience", ISSUER),
                Map.entry("resource", RESOURCE),
                Map.entry("scope", "mcp:read"),
                Map.entry("subject_token", ID_TOKEN),
                Map.entry("subject_token_type", "urn:ietf:params:oauth:token-type:id_token"),
                Map.entry("client_id", "broker-at-idp"));
    }

    @Test
    void refusesAnExchangeThatIssuedAnotherKindOfToken() {
        server.json("/token", 200, """
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
                 "token_type":"Bearer"}""".formatted(ID_JAG));

        BadResponse bad = catchThrowableOfType(BadResponse.class, () -> endpoint.identityAssertionGrant(
                server.url("/token"), ClientAuthentication.none("broker-at-idp"), ID_TOKEN, ISSUER, RESOURCE, null));

        assertThat(bad.getMessage()).contains("issued no identity assertion grant")
                .doesNotContain(ID_JAG).doesNotContain(ID_TOKEN);
    }
}
