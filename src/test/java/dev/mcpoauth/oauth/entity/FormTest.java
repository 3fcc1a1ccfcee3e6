package dev.mcpoauth.oauth.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class FormTest {

    @Test
    void encodesParametersInOrderAsFormUrlEncodedUtf8() {
        Form form = new Form().add("grant_type", "refresh_token").add("scope", "a b+c").add("resource", "https://x/ä?q=1&r");

        assertThat(form.encoded()).isEqualTo("grant_type=refresh_token&scope=a+b%2Bc&resource=https%3A%2F%2Fx%2F%C3%A4%3Fq%3D1%26r");
    }

    @Test
    void leavesOutNullValues() {
        assertThat(new Form().add("a", "1").add("resource", null).encoded()).isEqualTo("a=1");
    }

    @Test
    void refusesAParameterTwice() {
        Form form = new Form().add("client_id", "a");

        assertThatIllegalArgumentException().isThrownBy(() -> form.add("client_id", "b"));
    }

    @Test
    void showsParameterNamesButNoValues() {
        Form form = new Form().add("code", "SplxlOBeZQQYbYS6WxSbIA").header("Authorization", "Basic czZCaGRSa3F0Mzo3Rmpm");

        assertThat(form.toString()).contains("code").contains("Authorization")
                .doesNotContain("SplxlOBeZQQYbYS6WxSbIA").doesNotContain("czZC");
    }
}
