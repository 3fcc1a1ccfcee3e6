package dev.mcpoauth.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.security.entity.JwtCredential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBasicCredentialsSplitAtTheFirstColon() {
        var credential = (UsernamePasswordCredential) AuthorizationHeader.parse(basic("jürgen:pa:ss"));

        assertThat(credential.getCaller()).isEqualTo("jürgen");
        assertThat(credential.getPasswordAsString()).isEqualTo("pa:ss");
    }

    @Test
    void readsABearerToken() {
        assertThat(AuthorizationHeader.parse("Bearer abc.DEF-_~+/.ghi=="))
                .isEqualTo(new JwtCredential("abc.DEF-_~+/.ghi=="));
    }

    @Test
    void treatsSchemesCaseInsensitively() {
        assertThat(AuthorizationHeader.parse("bearer a.b.c")).isInstanceOf(JwtCredential.class);
        assertThat(AuthorizationHeader.parse(basic("a:b").replace("Basic", "BASIC")))
                .isInstanceOf(UsernamePasswordCredential.class);
    }

    @Test
    void rejectsBasicCredentialsThatAreNotBase64() {
        assertThatThrownBy(() -> AuthorizationHeader.parse("Basic secret*value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64")
                .hasMessageNotContaining("secret");
    }

    @Test
    void rejectsBasicCredentialsWithoutColonOrUser() {
        assertThatThrownBy(() -> AuthorizationHeader.parse(basic("nocolon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("nocolon");
        assertThatThrownBy(() -> AuthorizationHeader.parse(basic(":password")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationHeader.parse("Basic"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMissingOrMalformedBearerTokens() {
        assertThatThrownBy(() -> AuthorizationHeader.parse("Bearer"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationHeader.parse("Bearer two words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("words");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> AuthorizationHeader.parse("Digest username=\"x\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Basic or the Bearer");
    }
}
