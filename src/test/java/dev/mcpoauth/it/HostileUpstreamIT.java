package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.discovery.entity.CachedMetadata;
import dev.mcpoauth.registration.entity.ClientRegistration;
import dev.mcpoauth.stub.HostileServer;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker against a hostile MCP server and authorization server ({@link HostileServer},
 * packaged into this WAR and reached over 127.0.0.1): each case is validated through the admin
 * API and must fail at the right step with a plain-language message, store no discovery
 * document for the server and no client for the issuer, and audit a registration failure when
 * the client step failed.
 */
@ArquillianTest
class HostileUpstreamIT {

    static final List<String> STEPS = List.of("discovery", "pkce", "client");

    @Deployment
    static WebArchive deployment() {
        return Deployments.brokerWithTests(HostileUpstreamIT.class, Transactions.class, BrokerClient.class,
                HostileServer.class);
    }

    @Inject
    Transactions tx;

    String publicBaseUrl;
    BrokerClient broker;

    // in the container only: JUnit also creates this class on the client side, which has no MicroProfile Config
    @BeforeEach
    void connect() {
        publicBaseUrl = ConfigProvider.getConfig().getValue("mcpoauth.public-base-url", String.class);
        broker = new BrokerClient(URI.create(publicBaseUrl + "/"));
    }

    /** One validation of a fresh server (its own URL and issuer) in one scenario. */
    record Validation(String scenario, String nonce, String serverId, String url, String issuer, JsonObject report) {

        JsonObject step(String name) {
            return report.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                    .filter(step -> step.getString("step").equals(name))
                    .findFirst().orElseThrow();
        }

        String message(String name) {
            return step(name).getString("message");
        }
    }

    Validation validate(String scenario) {
        String nonce = UUID.randomUUID().toString();
        String issuer = publicBaseUrl + "/stub/" + scenario + "/" + nonce;
        HttpResponse<String> created = broker.post("api/v1/servers?validate=false", """
                {"name":"hostile-%s","url":"%s/mcp"}
                """.formatted(nonce, issuer), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String serverId = json(created).getString("id");
        HttpResponse<String> report = broker.post("api/v1/servers/" + serverId + "/validate", "", BrokerClient.ADMIN);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).doesNotContain(HostileServer.SECRET);
        return new Validation(scenario, nonce, serverId, issuer + "/mcp", issuer, json(report));
    }

    /** Fails at {@code step} with a message naming the problem, after passed steps and before skipped ones. */
    void assertRefused(Validation validation, String step, String... problem) {
        assertThat(validation.report().getBoolean("valid")).as(validation.report().toString()).isFalse();
        int failed = STEPS.indexOf(step);
        for (int i = 0; i < STEPS.size(); i++) {
            String expected = i < failed ? "PASSED" : i == failed ? "FAILED" : "SKIPPED";
            assertThat(validation.step(STEPS.get(i)).getString("outcome")).as(validation.report().toString())
                    .isEqualTo(expected);
        }
        String message = validation.message(step);
        assertThat(message).contains(problem);
        assertPlain(message);
        assertNothingStored(validation, step);
    }

    static void assertPlain(String message) {
        assertThat(message).doesNotContain("Exception", "\tat ", "dev.mcpoauth", "java.", "jakarta.",
                HostileServer.SECRET).hasSizeLessThan(1500);
    }

    void assertNothingStored(Validation validation, String failedStep) {
        assertThat(documentsAt(validation.url())).as("discovery documents for the server URL").isZero();
        if (failedStep.equals("discovery")) {
            assertThat(documentsAt(validation.issuer())).as("discovery documents for the issuer").isZero();
        }
        assertThat(clientsAt(validation.issuer())).as("client registrations at the issuer").isEmpty();
        List<AuditEntry> audit = audit(validation);
        assertThat(audit).extracting(AuditEntry::type).doesNotContain("ClientRegistered");
        if (failedStep.equals("client")) {
            assertThat(audit).extracting(AuditEntry::type).containsExactly("ClientRegistrationFailed");
            String details = audit.get(0).details().orElseThrow();
            assertThat(details).startsWith(validation.issuer() + ": ").contains(validation.message("client"));
            assertPlain(details);
        } else {
            assertThat(audit).isEmpty();
        }
    }

    static final List<String> ADMIN_ACTIONS = List.of("ServerCreated", "ServerChanged", "ServerValidated",
            "ServerDeleted");

    /** The audit rows of what the broker did for a server, not the admin's own actions on it (ServerCreated, ...). */
    List<AuditEntry> brokerSteps(String serverId) {
        return tx.run(em -> em.createQuery("SELECT a FROM AuditEntry a WHERE a.serverId = :server"
                + " AND a.type NOT IN :adminActions ORDER BY a.id", AuditEntry.class)
                .setParameter("server", serverId)
                .setParameter("adminActions", ADMIN_ACTIONS)
                .getResultList());
    }

    long documentsAt(String location) {
        return tx.run(em -> em.createQuery("SELECT COUNT(d) FROM CachedMetadata d WHERE d.location = :location",
                Long.class).setParameter("location", location).getSingleResult());
    }

    List<ClientRegistration> clientsAt(String issuer) {
        return tx.run(em -> em.createQuery("SELECT r FROM ClientRegistration r WHERE r.issuer = :issuer",
                ClientRegistration.class).setParameter("issuer", issuer).getResultList());
    }

    List<AuditEntry> audit(Validation validation) {
        List<AuditEntry> adminRows = tx.run(em -> em.createQuery("SELECT a FROM AuditEntry a WHERE a.serverId = :server"
                + " AND a.type IN :adminActions ORDER BY a.id", AuditEntry.class)
                .setParameter("server", validation.serverId()).setParameter("adminActions", ADMIN_ACTIONS)
                .getResultList());
        assertThat(adminRows)
                .as("the admin's own rows, which carry nothing the hostile server sent")
                .extracting(AuditEntry::type, entry -> entry.details().orElseThrow().contains(HostileServer.SECRET))
                .containsExactly(tuple("ServerCreated", false), tuple("ServerValidated", false));
        return brokerSteps(validation.serverId());
    }

    @Test
    void validatesAWellBehavedServerAndKeepsItsDocumentsAndClient() {
        Validation validation = validate("well-behaved");

        assertThat(validation.report().getBoolean("valid")).as(validation.report().toString()).isTrue();
        assertThat(validation.report().getString("issuer")).isEqualTo(validation.issuer());
        assertThat(HostileServer.requests(validation.nonce())).containsExactly("POST mcp", "GET prm",
                "GET .well-known/openid-configuration", "POST register");
        assertThat(documentsAt(validation.url())).isOne();
        assertThat(documentsAt(validation.issuer())).isOne();
        assertThat(clientsAt(validation.issuer())).extracting(ClientRegistration::clientId).containsExactly("client-" + validation.nonce());
        assertThat(audit(validation)).extracting(AuditEntry::type).containsExactly("ClientRegistered");
    }

    // the MCP server and its challenge

    @Test
    void reportsAServerThatDoesNotAskForAuthorization() {
        assertRefused(validate("not-protected"), "discovery", "HTTP 200 instead of 401");
    }

    @Test
    void reportsAMalformedChallenge() {
        assertRefused(validate("malformed-challenge"), "discovery", "WWW-Authenticate challenge is malformed");
    }

    @Test
    void refusesAChallengeThatPointsAtTheCloudMetadataAddress() {
        assertRefused(validate("prm-at-metadata-address"), "discovery", "169.254.169.254", "link-local");
    }

    // the protected-resource metadata

    @Test
    void abortsOnMetadataForAnotherOriginBeforeAskingAnyAuthorizationServer() {
        Validation validation = validate("prm-for-another-origin");

        assertRefused(validation, "discovery", "describes resource", ", not this MCP server");
        assertThat(HostileServer.requests(validation.nonce())).containsExactly("POST mcp", "GET prm");
    }

    @Test
    void refusesMetadataWithoutAuthorizationServers() {
        assertRefused(validate("prm-without-authorization-servers"), "discovery",
                "protected resource metadata has no authorization_servers");
    }

    @Test
    void refusesMetadataThatIsNotJson() {
        assertRefused(validate("prm-not-json"), "discovery", "did not send valid JSON");
    }

    @Test
    void refusesMetadataThatIsAJsonArray() {
        assertRefused(validate("prm-json-array"), "discovery", "sent JSON array where an object is required");
    }

    @Test
    void refusesMetadataLargerThanTheLimit() {
        assertRefused(validate("prm-huge"), "discovery", "larger than the limit of 262144 bytes");
    }

    @Test
    void refusesStreamedMetadataLargerThanTheLimit() {
        assertRefused(validate("prm-huge-streamed"), "discovery", "larger than the limit of 262144 bytes");
    }

    @Test
    void refusesMetadataServedAsHtml() {
        assertRefused(validate("prm-as-html"), "discovery", "did not answer with application/json");
    }

    @Test
    void doesNotFollowARedirectingMetadataUrl() {
        Validation validation = validate("prm-redirect");

        assertRefused(validation, "discovery", "answered with a redirect (HTTP 302); redirects are not followed");
        assertThat(HostileServer.requests(validation.nonce())).containsExactly("POST mcp", "GET prm");
    }

    @Test
    void reportsAFailingMetadataEndpoint() {
        assertRefused(validate("prm-server-error"), "discovery", "failed with HTTP 500");
    }

    @Test
    void refusesAnAuthorizationServerAtAPrivateAddress() {
        assertRefused(validate("as-at-private-address"), "discovery", "10.0.0.7", "private address");
    }

    @Test
    void refusesAnIssuerTooLongToKeepBeforeAskingIt() {
        Validation validation = validate("as-with-overlong-issuer");

        assertRefused(validation, "discovery", "issuer identifier is longer than 1024 characters");
        assertThat(HostileServer.requests(validation.nonce())).containsExactly("POST mcp", "GET prm");
    }

    // the authorization-server metadata

    @Test
    void refusesMetadataThatNamesAnotherIssuer() {
        assertRefused(validate("as-wrong-issuer"), "discovery", "names issuer \"https://attacker.example.com\"");
    }

    @Test
    void refusesAnIssuerThatDiffersByATrailingSlash() {
        Validation validation = validate("as-issuer-with-trailing-slash");

        assertRefused(validation, "discovery", "names issuer \"" + validation.issuer() + "/\"",
                "fetched for issuer \"" + validation.issuer() + "\"");
    }

    @Test
    void refusesMetadataWithoutATokenEndpoint() {
        assertRefused(validate("as-without-token-endpoint"), "discovery",
                "authorization server metadata has no token_endpoint");
    }

    @Test
    void refusesPlainHttpEndpointsOnAnotherHost() {
        assertRefused(validate("as-with-http-endpoints"), "discovery", "that does not use https");
    }

    @Test
    void refusesDeeplyNestedMetadata() {
        assertRefused(validate("as-deeply-nested"), "discovery", "nests JSON deeper than 32 levels");
    }

    @Test
    void refusesAnAuthorizationServerWithoutAdvertisedPkce() {
        assertRefused(validate("as-without-pkce"), "pkce", "does not advertise PKCE with S256", "ASSUME_SUPPORTED");
    }

    // the client: what to configure, and dynamic registration

    @Test
    void tellsTheAdminWhatToConfigureWhenNoRegistrationIsOffered() {
        assertRefused(validate("as-without-registration"), "client",
                "offers neither Client ID Metadata Documents nor dynamic client registration",
                "redirect URI " + publicBaseUrl + "/oauth/callback");
    }

    @Test
    void refusesATokenEndpointThatAcceptsNoMethodTheBrokerHas() {
        assertRefused(validate("as-only-private-key-jwt"), "client", "accepts only private_key_jwt");
    }

    @Test
    void refusesARegistrationEndpointAtAPrivateAddress() {
        assertRefused(validate("dcr-at-private-address"), "client", "192.168.0.10", "private address");
    }

    @Test
    void reportsARegistrationRejectionInTheCataloguesWordsNotTheServers() {
        Validation validation = validate("dcr-invalid-client-metadata");

        assertRefused(validation, "client", "refused the registration: invalid_client_metadata",
                "redirect URI " + publicBaseUrl + "/oauth/callback");
        assertThat(validation.message("client")).doesNotContain("\u0007", "redirect_uris must use https", "xxx")
                .hasSizeLessThan(600);
    }

    @Test
    void refusesToSaveAServerWhoseAuthorizationServerRefusesToRegisterTheBroker() {
        String name = "hostile-" + UUID.randomUUID();
        String issuer = publicBaseUrl + "/stub/dcr-invalid-redirect-uri/" + UUID.randomUUID();

        HttpResponse<String> refused = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s/mcp"}
                """.formatted(name, issuer), BrokerClient.ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonObject problem = json(refused);
        assertThat(problem.getString("type")).endsWith("server-configuration-refused");
        assertThat(problem.getString("cause")).endsWith("registration-rejected");
        assertThat(problem.getString("detail")).contains("invalid_redirect_uri",
                "redirect URI " + publicBaseUrl + "/oauth/callback").doesNotContain("said the server");
        assertPlain(problem.getString("detail"));
        assertThat(broker.get("api/v1/servers", BrokerClient.ADMIN).body()).doesNotContain(name);
    }

    @Test
    void tellsAPersonWhoMeetsAConfigurationFaultThatTheAdminWasTold() {
        String nonce = UUID.randomUUID().toString();
        String issuer = publicBaseUrl + "/stub/dcr-invalid-redirect-uri/" + nonce;
        HttpResponse<String> created = broker.post("api/v1/servers?validate=false", """
                {"name":"hostile-%s","url":"%s/mcp"}
                """.formatted(nonce, issuer), BrokerClient.ADMIN);
        String serverId = json(created).getString("id");

        HttpResponse<String> refused = broker.post("api/v1/connections/" + serverId + "/authorize", "{}",
                BrokerClient.ALICE);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).getString("type")).endsWith("server-not-set-up");
        assertThat(json(refused).getString("detail"))
                .isEqualTo("This server is not set up correctly; your administrator has been told.");
        List<AuditEntry> audit = brokerSteps(serverId);
        assertThat(audit).extracting(AuditEntry::type).containsExactly("ClientRegistrationFailed",
                "AuthorizationFailed");
        assertThat(audit).allSatisfy(entry -> assertThat(entry.details().orElseThrow())
                .contains("invalid_redirect_uri", "/oauth/callback").doesNotContain("said the server"));
        JsonObject problem = json(broker.get("api/v1/servers/" + serverId, BrokerClient.ADMIN))
                .getJsonObject("configurationProblem");
        assertThat(problem.getString("message")).as("the admin sees it with the server")
                .contains("invalid_redirect_uri", "/oauth/callback");
        assertThat(broker.get("api/v1/connections", BrokerClient.ALICE).body())
                .as("the failed first attempt left no connection behind").doesNotContain(serverId);
    }

    @Test
    void refusesARegistrationResponseWithoutClientId() {
        assertRefused(validate("dcr-without-client-id"), "client", "client registration response has no client_id");
    }

    @Test
    void reportsAFailingRegistrationEndpoint() {
        assertRefused(validate("dcr-server-error"), "client", "failed the registration with HTTP 500");
    }

    @Test
    void doesNotFollowARedirectingRegistrationEndpoint() {
        assertRefused(validate("dcr-redirect"), "client", "redirects are not followed");
    }

    @Test
    void reportsARegistrationRefusalWithoutAnOAuthError() {
        assertRefused(validate("dcr-error-without-oauth-error"), "client", "HTTP 403", "no RFC 7591 error");
    }

    @Test
    void refusesAClientRegisteredForAMethodTheBrokerLacks() {
        assertRefused(validate("dcr-unsupported-auth-method"), "client", "registered the broker for private_key_jwt");
    }

    @Test
    void refusesAConfidentialClientWithoutASecret() {
        assertRefused(validate("dcr-basic-without-secret"), "client", "issued no client secret");
    }

    @Test
    void refusesAClientIdTooLongToKeep() {
        assertRefused(validate("dcr-overlong-client-id"), "client", "client_id", "longer than 1024 characters");
    }

    @Test
    void refusesARegistrationResponseLargerThanTheLimit() {
        assertRefused(validate("dcr-huge-response"), "client", "larger than the limit of 262144 bytes");
    }
}
