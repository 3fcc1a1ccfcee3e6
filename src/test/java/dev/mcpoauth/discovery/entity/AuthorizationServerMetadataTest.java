package dev.mcpoauth.discovery.entity;

import static dev.mcpoauth.discovery.Fixtures.json;
import static dev.mcpoauth.discovery.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationServerMetadataTest {

    static final String ISSUER = "https://server.example.com";

    /** RFC 8414 §3.2, the example response. */
    static final String RFC_EXAMPLE = """
            {
              "issuer": "https://server.example.com",
              "authorization_endpoint": "https://server.example.com/authorize",
              "token_endpoint": "https://server.example.com/token",
              "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
              "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
              "userinfo_endpoint": "https://server.example.com/userinfo",
              "jwks_uri": "https://server.example.com/jwks.json",
              "registration_endpoint": "https://server.example.com/register",
              "scopes_supported": ["openid", "profile", "email", "address", "phone", "offline_access"],
              "response_types_supported": ["code", "code token"],
              "service_documentation": "http://server.example.com/service_documentation.html",
              "ui_locales_supported": ["en-US", "en-GB", "en-CA", "fr-FR", "fr-CA"]
            }
            """;

    static Problem refusal(JsonObject json, String expectedIssuer) {
        return catchThrowableOfType(ProblemException.class,
                () -> AuthorizationServerMetadata.fromJSON(json, expectedIssuer)).problem();
    }

    static JsonObject with(String name, Object value) {
        var builder = Json.createObjectBuilder(parse(RFC_EXAMPLE));
        if (value == null) {
            builder.remove(name);
        } else if (value instanceof String text) {
            builder.add(name, text);
        } else if (value instanceof Boolean flag) {
            builder.add(name, flag);
        } else if (value instanceof Integer number) {
            builder.add(name, number);
        } else {
            builder.add(name, (jakarta.json.JsonValue) value);
        }
        return builder.build();
    }

    @Test
    void readsTheRfc8414Example() {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.fromJSON(parse(RFC_EXAMPLE), ISSUER);

        assertThat(metadata.issuer()).isEqualTo(ISSUER);
        assertThat(metadata.tokenEndpoint()).isEqualTo("https://server.example.com/token");
        assertThat(metadata.supportsDynamicRegistration()).isTrue();
        assertThat(metadata.advertisesCodeChallengeMethods()).isFalse();
        assertThat(metadata.tokenEndpointAuthMethods()).containsExactly("client_secret_basic", "private_key_jwt");
        assertThat(metadata.grantTypes()).containsExactly("authorization_code", "implicit");
        assertThat(metadata.raw().getString("service_documentation")).startsWith("http://");
    }

    @Test
    void namesAMistypedMemberInPlainEnglishWithoutItsValue() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> AuthorizationServerMetadata.fromJSON(with("authorization_endpoint", 42), ISSUER));

        assertThat(refused.getMessage()).contains("has a member authorization_endpoint that is not a string")
                .doesNotContain("42");
    }

    @Test
    void keycloakRealmIssuerWithPath() {
        String issuer = "https://sso.example.com/realms/mcp";
        AuthorizationServerMetadata keycloak =
                AuthorizationServerMetadata.fromJSON(json("discovery/keycloak-openid-configuration.json"), issuer);

        assertThat(keycloak.supportsS256()).isTrue();
        assertThat(keycloak.advertisesIssParameter()).isTrue();
        assertThat(keycloak.supportsDynamicRegistration()).isTrue();
        assertThat(keycloak.supportsCimd()).isFalse();
        assertThat(keycloak.revocationEndpoint()).endsWith("/protocol/openid-connect/revoke");
        assertThat(keycloak.raw().getJsonObject("mtls_endpoint_aliases")).isNotNull();
    }

    @Test
    void auth0IssuerEndsWithASlashAndMustBeExpectedSo() {
        JsonObject auth0 = json("discovery/auth0-openid-configuration.json");

        AuthorizationServerMetadata metadata =
                AuthorizationServerMetadata.fromJSON(auth0, "https://example-tenant.us.auth0.com/");
        assertThat(metadata.supportsS256()).isTrue();
        assertThat(metadata.supportsDynamicRegistration()).isTrue();
        assertThat(metadata.advertisesIssParameter()).isFalse();
        assertThat(refusal(auth0, "https://example-tenant.us.auth0.com")).isEqualTo(Problem.ISSUER_MISMATCH);
    }

    @Test
    void oktaOrgAndCustomAuthorizationServers() {
        AuthorizationServerMetadata org = AuthorizationServerMetadata.fromJSON(
                json("discovery/okta-org-oauth-authorization-server.json"), "https://dev-123456.okta.com");
        AuthorizationServerMetadata custom = AuthorizationServerMetadata.fromJSON(
                json("discovery/okta-custom-oauth-authorization-server.json"), "https://dev-123456.okta.com/oauth2/default");

        assertThat(org.supportsS256()).isTrue();
        assertThat(org.tokenEndpointAuthMethods()).contains("none");
        assertThat(custom.tokenEndpoint()).isEqualTo("https://dev-123456.okta.com/oauth2/default/v1/token");
        assertThat(custom.scopesSupported()).contains("mcp:tools");
        assertThat(custom.grantTypes()).contains("refresh_token");
    }

    @Test
    void entraIdV2DoesNotAdvertisePkceNorRegistration() {
        AuthorizationServerMetadata entra = AuthorizationServerMetadata.fromJSON(
                json("discovery/entra-v2-openid-configuration.json"),
                "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0");

        assertThat(entra.advertisesCodeChallengeMethods()).isFalse();
        assertThat(entra.supportsS256()).isFalse();
        assertThat(entra.supportsDynamicRegistration()).isFalse();
        assertThat(entra.tokenEndpointAuthMethods()).contains("client_secret_basic");
    }

    @Test
    void cognitoDoesNotAdvertisePkceNorRegistration() {
        AuthorizationServerMetadata cognito = AuthorizationServerMetadata.fromJSON(
                json("discovery/cognito-openid-configuration.json"),
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI");

        assertThat(cognito.advertisesCodeChallengeMethods()).isFalse();
        assertThat(cognito.supportsDynamicRegistration()).isFalse();
        assertThat(cognito.authorizationEndpoint()).contains("amazoncognito.com");
        assertThat(cognito.revocationEndpoint()).endsWith("/oauth2/revoke");
    }

    @Test
    void gitHubAdvertisesS256ButNoRegistrationAndNoAuthMethods() {
        AuthorizationServerMetadata github = AuthorizationServerMetadata.fromJSON(
                json("discovery/github-oauth-authorization-server.json"), "https://github.com/login/oauth");

        assertThat(github.supportsS256()).isTrue();
        assertThat(github.supportsDynamicRegistration()).isFalse();
        assertThat(github.tokenEndpointAuthMethodsSupported()).isEmpty();
        assertThat(github.tokenEndpointAuthMethods()).containsExactly("client_secret_basic");
    }

    @Test
    void roundTripsTheDocumentUnchangedIncludingUnknownMembers() {
        JsonObject keycloak = json("discovery/keycloak-openid-configuration.json");

        assertThat(AuthorizationServerMetadata.fromJSON(keycloak, "https://sso.example.com/realms/mcp").toJSON())
                .isEqualTo(keycloak);
    }

    @ParameterizedTest(name = "document issuer {0} fetched for {1}")
    @CsvSource({
        "https://server.example.com/, https://server.example.com",
        "https://server.example.com, https://server.example.com/",
        "https://Server.example.com, https://server.example.com",
        "https://server.example.com:443, https://server.example.com",
        "https://evil.example.com, https://server.example.com",
        "https://server.example.com/tenant2, https://server.example.com/tenant1",
    })
    void refusesAnIssuerThatIsNotIdentical(String documentIssuer, String expectedIssuer) {
        assertThat(refusal(with("issuer", documentIssuer), expectedIssuer)).isEqualTo(Problem.ISSUER_MISMATCH);
    }

    @Test
    void issuerMismatchMessageNamesBothIssuersButStaysShort() {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> AuthorizationServerMetadata
                .fromJSON(with("issuer", "https://evil.example/" + "x".repeat(5000) + "\u0000"), ISSUER));

        assertThat(refused.getMessage()).contains(ISSUER).contains("https://evil.example/").hasSizeLessThan(400)
                .doesNotContain("\u0000");
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({"issuer", "authorization_endpoint", "token_endpoint"})
    void refusesADocumentWithoutARequiredMember(String member) {
        assertThat(refusal(with(member, null), ISSUER)).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void refusesMembersOfTheWrongType() {
        assertThat(refusal(with("issuer", 42), ISSUER)).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("token_endpoint", true), ISSUER)).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("code_challenge_methods_supported", "S256"), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("scopes_supported", Json.createArrayBuilder().add("a").add(1).build()), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("authorization_response_iss_parameter_supported", "true"), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("registration_endpoint", Json.createObjectBuilder().build()), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void treatsJsonNullOptionalMembersAsAbsent() {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.fromJSON(
                with("registration_endpoint", jakarta.json.JsonValue.NULL), ISSUER);

        assertThat(metadata.supportsDynamicRegistration()).isFalse();
    }

    @Test
    void refusesEndpointsThatAreNotAbsoluteHttpsUrls() {
        assertThat(refusal(with("token_endpoint", "/token"), ISSUER)).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("token_endpoint", "https://server.example.com/token#x"), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("token_endpoint", "https://server example.com/token"), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("token_endpoint", "http://server.example.com/token"), ISSUER))
                .isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(refusal(with("registration_endpoint", "javascript:alert(1)"), ISSUER))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(with("authorization_endpoint", "https://user:pw@server.example.com/authorize"), ISSUER))
                .isEqualTo(Problem.URL_FORBIDDEN);
    }

    @Test
    void acceptsPlainHttpOnlyForLoopbackAndOnlyWhenAllowed() {
        JsonObject local = Json.createObjectBuilder()
                .add("issuer", "http://localhost:9000")
                .add("authorization_endpoint", "http://localhost:9000/authorize")
                .add("token_endpoint", "http://127.0.0.1:9000/token")
                .build();
        JsonObject remote = Json.createObjectBuilder(local).add("token_endpoint", "http://as.example.com/token").build();

        assertThat(AuthorizationServerMetadata.fromJSON(local, "http://localhost:9000", true).tokenEndpoint())
                .isEqualTo("http://127.0.0.1:9000/token");
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> AuthorizationServerMetadata.fromJSON(local, "http://localhost:9000", false)).problem())
                .isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> AuthorizationServerMetadata.fromJSON(remote, "http://localhost:9000", true)).problem())
                .isEqualTo(Problem.URL_FORBIDDEN);
    }

    @Test
    void legacyDefaultsUseTheMcpOriginWithoutItsPath() {
        AuthorizationServerMetadata legacy =
                AuthorizationServerMetadata.legacyDefaults(URI.create("https://mcp.example.com:8443/v1/mcp?x=1"));

        assertThat(legacy.issuer()).isEqualTo("https://mcp.example.com:8443");
        assertThat(legacy.authorizationEndpoint()).isEqualTo("https://mcp.example.com:8443/authorize");
        assertThat(legacy.tokenEndpoint()).isEqualTo("https://mcp.example.com:8443/token");
        assertThat(legacy.registrationEndpoint()).isEqualTo("https://mcp.example.com:8443/register");
        assertThat(legacy.supportsS256()).isTrue();
        assertThat(AuthorizationServerMetadata.fromJSON(legacy.toJSON(), legacy.issuer())).isEqualTo(
                AuthorizationServerMetadata.fromJSON(legacy.toJSON(), legacy.issuer()));
        assertThat(legacy.toJSON().getString("token_endpoint")).isEqualTo(legacy.tokenEndpoint());
    }
}
