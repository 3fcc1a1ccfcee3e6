package dev.mcpoauth.registration.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class ClientMetadataTest {

    static final List<String> CALLBACK = List.of("https://broker.example.com/oauth/callback");

    @Test
    void describesTheBrokerAsAWebClientWithRefreshTokens() {
        JsonObject request = ClientMetadata.webClient("MCP OAuth Broker", CALLBACK, "client_secret_basic", null).toJSON();

        assertThat(request).isEqualTo(Json.createObjectBuilder()
                .add("client_name", "MCP OAuth Broker")
                .add("redirect_uris", Json.createArrayBuilder().add("https://broker.example.com/oauth/callback"))
                .add("grant_types", Json.createArrayBuilder().add("authorization_code").add("refresh_token"))
                .add("response_types", Json.createArrayBuilder().add("code"))
                .add("token_endpoint_auth_method", "client_secret_basic")
                .add("application_type", "web")
                .build());
    }

    @Test
    void sendsScopeOnlyWhenGiven() {
        assertThat(ClientMetadata.webClient("b", CALLBACK, "none", "files:read offline_access").toJSON()
                .getString("scope")).isEqualTo("files:read offline_access");
        assertThat(ClientMetadata.webClient("b", CALLBACK, "none", null).toJSON()).doesNotContainKey("scope");
    }

    @Test
    void roundTripsAMetadataDocumentWithExtraMembers() {
        JsonObject document = Json.createObjectBuilder(
                        ClientMetadata.webClient("b", CALLBACK, "none", null).toJSON())
                .add("client_uri", "https://broker.example.com")
                .add("logo_uri", "https://broker.example.com/logo.png")
                .build();

        ClientMetadata metadata = ClientMetadata.fromJSON(document);

        assertThat(metadata.applicationType()).isEqualTo("web");
        assertThat(metadata.toJSON()).isEqualTo(document);
    }

    @Test
    void requiresRedirectUris() {
        JsonObject document = Json.createObjectBuilder().add("client_name", "b").build();

        assertThat(catchThrowableOfType(ProblemException.class, () -> ClientMetadata.fromJSON(document)).problem())
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }
}
