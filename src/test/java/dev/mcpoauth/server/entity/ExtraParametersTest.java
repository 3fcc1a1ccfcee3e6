package dev.mcpoauth.server.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtraParametersTest {

    @Test
    void allowsAProvidersOwnParametersButNoneTheBrokerSets() {
        assertThat(ExtraParameters.allowed(null)).isTrue();
        assertThat(ExtraParameters.allowed(Map.of("audience", "https://api.example.com", "organization", "org_1")))
                .isTrue();
        for (String own : ExtraParameters.SET_BY_THE_BROKER) {
            assertThat(ExtraParameters.allowed(Map.of(own, "x"))).as(own).isFalse();
        }
        assertThat(ExtraParameters.allowed(Map.of("bad name", "x"))).isFalse();
        assertThat(ExtraParameters.allowed(Map.of("audience", "x".repeat(501)))).isFalse();
        var many = new HashMap<String, String>();
        for (int i = 0; i <= 10; i++) {
            many.put("p" + i, "v");
        }
        assertThat(ExtraParameters.allowed(many)).isFalse();
    }

    @Test
    void storesAsAJsonObjectAndNothingForNone() {
        var audience = new ExtraParameters(Map.of("audience", "https://api.example.com/\"x\""));

        assertThat(ExtraParameters.fromStored(audience.stored())).isEqualTo(audience);
        assertThat(ExtraParameters.NONE.stored()).isNull();
        assertThat(ExtraParameters.fromStored(null)).isEqualTo(ExtraParameters.NONE);
    }
}
