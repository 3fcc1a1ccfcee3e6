package dev.mcpoauth.discovery.entity;

import static dev.mcpoauth.discovery.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class ProtectedResourceMetadataTest {

    static final JsonObject RFC_EXAMPLE = json("discovery/rfc9728-protected-resource.json");

    static Problem refusal(JsonObjectBuilder json) {
        return catchThrowableOfType(ProblemException.class,
                () -> ProtectedResourceMetadata.fromJSON(json.build())).problem();
    }

    static JsonObjectBuilder example() {
        return Json.createObjectBuilder(RFC_EXAMPLE);
    }

    @Test
    void readsTheRfc9728Example() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.fromJSON(RFC_EXAMPLE);

        assertThat(metadata.resource()).isEqualTo("https://resource.example.com");
        assertThat(metadata.authorizationServers()).containsExactly("https://as1.example.com", "https://as2.example.net");
        assertThat(metadata.authorizationServer()).isEqualTo("https://as1.example.com");
        assertThat(metadata.bearerMethodsSupported()).containsExactly("header", "body");
        assertThat(metadata.scopesSupported()).containsExactly("profile", "email", "phone");
        assertThat(metadata.jwksUri()).isEqualTo("https://resource.example.com/jwks.json");
        assertThat(metadata.raw().getJsonArray("resource_signing_alg_values_supported")).hasSize(2);
    }

    @Test
    void readsGitHubsMcpServerMetadata() {
        ProtectedResourceMetadata github = ProtectedResourceMetadata.fromJSON(json("discovery/github-protected-resource.json"));

        assertThat(github.resourceName()).isEqualTo("GitHub MCP Server");
        assertThat(github.authorizationServer()).isEqualTo("https://github.com/login/oauth");
        assertThat(github.scopesSupported()).contains("repo", "read:org");
    }

    @Test
    void roundTripsTheDocumentUnchanged() {
        assertThat(ProtectedResourceMetadata.fromJSON(RFC_EXAMPLE).toJSON()).isEqualTo(RFC_EXAMPLE);
    }

    @Test
    void requiresAResource() {
        assertThat(refusal(example().remove("resource"))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(example().add("resource", ""))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(example().add("resource", 7))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(example().add("resource", "https://resource.example.com#x")))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void requiresAtLeastOneAuthorizationServer() {
        assertThat(refusal(example().remove("authorization_servers"))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(example().add("authorization_servers", Json.createArrayBuilder())))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(example().add("authorization_servers", "https://as1.example.com")))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(example().add("authorization_servers", Json.createArrayBuilder().add(1))))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void refusesAuthorizationServersThatAreNotHttps() {
        assertThat(refusal(example().add("authorization_servers", Json.createArrayBuilder().add("http://as.example.com"))))
                .isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(refusal(example().add("authorization_servers", Json.createArrayBuilder().add("as.example.com"))))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void errorMessagesNameTheMemberButNotItsValue() {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ProtectedResourceMetadata
                .fromJSON(example().add("authorization_servers", "secret-looking-value").build()));

        assertThat(refused.getMessage()).contains("authorization_servers").doesNotContain("secret-looking-value");
    }
}
