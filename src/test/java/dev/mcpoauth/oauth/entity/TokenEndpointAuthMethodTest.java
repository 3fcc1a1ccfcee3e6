package dev.mcpoauth.oauth.entity;

import static dev.mcpoauth.testing.OAuthWire.basicCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenEndpointAuthMethodTest {

    @Test
    void basicPutsTheCredentialsInTheAuthorizationHeaderOnly() {
        Form form = new Form().add("grant_type", "authorization_code");

        TokenEndpointAuthMethod.CLIENT_SECRET_BASIC.apply(form, "s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw", null);

        assertThat(form.headers()).containsEntry("Authorization", "Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3");
        assertThat(form.parameters()).containsOnlyKeys("grant_type");
    }

    @Test
    void basicFormEncodesIdAndSecretBeforeJoiningThem() {
        Form form = new Form();

        TokenEndpointAuthMethod.CLIENT_SECRET_BASIC.apply(form, "urn:client:1", "p%ss wörd+:", null);

        String pair = new String(Base64.getDecoder().decode(form.headers().get("Authorization").substring(6)),
                StandardCharsets.UTF_8);
        assertThat(pair).isEqualTo("urn%3Aclient%3A1:p%25ss+w%C3%B6rd%2B%3A");
        assertThat(form.headers().get("Authorization")).startsWith("Basic ");
        assertThat(basicCredentials(form.headers().get("Authorization"))).containsExactly("urn:client:1", "p%ss wörd+:");
    }

    @Test
    void postPutsIdAndSecretInTheBody() {
        Form form = new Form();

        TokenEndpointAuthMethod.CLIENT_SECRET_POST.apply(form, "client:1", "p%ss", null);

        assertThat(form.parameters()).containsExactly(Map.entry("client_id", "client:1"), Map.entry("client_secret", "p%ss"));
        assertThat(form.encoded()).isEqualTo("client_id=client%3A1&client_secret=p%25ss");
        assertThat(form.headers()).isEmpty();
    }

    @Test
    void noneSendsTheClientIdOnly() {
        Form form = new Form();

        TokenEndpointAuthMethod.NONE.apply(form, "public-client", null, null);

        assertThat(form.parameters()).containsOnly(Map.entry("client_id", "public-client"));
        assertThat(form.headers()).isEmpty();
    }

    @Test
    void readsTheRegisteredNames() {
        assertThat(TokenEndpointAuthMethod.fromWireName("client_secret_basic")).isEqualTo(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        assertThat(TokenEndpointAuthMethod.fromWireName("client_secret_post")).isEqualTo(TokenEndpointAuthMethod.CLIENT_SECRET_POST);
        assertThat(TokenEndpointAuthMethod.fromWireName("none")).isEqualTo(TokenEndpointAuthMethod.NONE);
        assertThat(TokenEndpointAuthMethod.fromWireName("private_key_jwt")).isEqualTo(TokenEndpointAuthMethod.PRIVATE_KEY_JWT);
        assertThatIllegalArgumentException().isThrownBy(() -> TokenEndpointAuthMethod.fromWireName("tls_client_auth"));
    }

    @Test
    void clientAuthenticationRequiresASecretForTheSecretMethods() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAuthentication.of("client_secret_basic", "c", null));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAuthentication.of("client_secret_post", "c", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAuthentication.of("none", "", null));
        assertThat(ClientAuthentication.of("none", "c", "ignored").clientSecret()).isNull();
    }

    @Test
    void clientAuthenticationHidesTheSecret() {
        ClientAuthentication client = ClientAuthentication.of("client_secret_post", "c", "s3cr3t-value");

        assertThat(client.toString()).doesNotContain("s3cr3t-value").contains("client_secret_post").contains("c");
        assertThat(client.applyTo(new Form()).toString()).doesNotContain("s3cr3t-value");
    }
}
