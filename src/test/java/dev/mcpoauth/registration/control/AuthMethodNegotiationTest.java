package dev.mcpoauth.registration.control;

import static dev.mcpoauth.discovery.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.registration.entity.ClientInformation;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class AuthMethodNegotiationTest {

    static ClientInformation registered(String method, String secret) {
        var json = Json.createObjectBuilder().add("client_id", "c");
        if (method != null) {
            json.add("token_endpoint_auth_method", method);
        }
        if (secret != null) {
            json.add("client_secret", secret);
        }
        return ClientInformation.fromJSON(json.build());
    }

    @Test
    void prefersClientSecretBasic() {
        assertThat(AuthMethodNegotiation.choose(List.of("private_key_jwt", "client_secret_post", "client_secret_basic", "none")))
                .isEqualTo("client_secret_basic");
    }

    @Test
    void fallsBackToPostThenNone() {
        assertThat(AuthMethodNegotiation.choose(List.of("client_secret_post", "private_key_jwt"))).isEqualTo("client_secret_post");
        assertThat(AuthMethodNegotiation.choose(List.of("none"))).isEqualTo("none");
    }

    @Test
    void usesClientSecretBasicWhenTheServerAdvertisesNothing() {
        AuthorizationServerMetadata github = AuthorizationServerMetadata.fromJSON(
                json("discovery/github-oauth-authorization-server.json"), "https://github.com/login/oauth");

        assertThat(AuthMethodNegotiation.choose(github)).isEqualTo("client_secret_basic");
    }

    @Test
    void picksClientSecretBasicAtEntraThoughItListsPostFirst() {
        AuthorizationServerMetadata entra = AuthorizationServerMetadata.fromJSON(
                json("discovery/entra-v2-openid-configuration.json"),
                "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0");

        assertThat(AuthMethodNegotiation.choose(entra)).isEqualTo("client_secret_basic");
    }

    @Test
    void refusesServersThatOfferOnlyUnsupportedMethods() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> AuthMethodNegotiation.choose(List.of("private_key_jwt", "tls_client_auth")));

        assertThat(refused.problem()).isEqualTo(Problem.UNSUPPORTED_AUTH_METHOD);
        assertThat(refused.getMessage()).contains("private_key_jwt").contains("client_secret_basic");
    }

    @Test
    void followsTheMethodTheServerRegistered() {
        assertThat(AuthMethodNegotiation.registered(registered("client_secret_post", "s"), "client_secret_basic"))
                .isEqualTo("client_secret_post");
        assertThat(AuthMethodNegotiation.registered(registered(null, "s"), "client_secret_basic"))
                .isEqualTo("client_secret_basic");
        assertThat(AuthMethodNegotiation.registered(registered("none", null), "client_secret_basic")).isEqualTo("none");
    }

    @Test
    void refusesARegistrationTheBrokerCannotUse() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> AuthMethodNegotiation.registered(
                registered("private_key_jwt", null), "client_secret_basic")).problem())
                .isEqualTo(Problem.UNSUPPORTED_AUTH_METHOD);
        assertThat(catchThrowableOfType(ProblemException.class, () -> AuthMethodNegotiation.registered(
                registered("client_secret_basic", null), "client_secret_basic")).problem())
                .isEqualTo(Problem.UNSUPPORTED_AUTH_METHOD);
    }
}
