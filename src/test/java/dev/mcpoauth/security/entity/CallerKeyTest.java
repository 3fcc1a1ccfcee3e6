package dev.mcpoauth.security.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerKeyTest {

    @Test
    void keepsBasicUsersAndJwtCallersInSeparateNamespaces() {
        assertThat(CallerKey.basic("alice")).isEqualTo("basic:alice");
        assertThat(CallerKey.jwt("https://issuer.example", "alice")).startsWith("jwt:")
                .isNotEqualTo(CallerKey.basic("alice"));
        assertThat(CallerKey.displayNameOf("basic:alice")).isEqualTo("alice");
    }

    @Test
    void makesTwoIssuersWithTheSameSubjectTwoCallers() {
        assertThat(CallerKey.jwt("https://a.example", "user-1")).isNotEqualTo(CallerKey.jwt("https://b.example", "user-1"))
                .isEqualTo(CallerKey.jwt("https://a.example", "user-1"));
    }

    @Test
    void letsNoSeparatorMoveBetweenIssuerAndSubjectAndFitsTheOwnerColumns() {
        String key = CallerKey.jwt("https://a.example/x", "y");

        assertThat(key).isNotEqualTo(CallerKey.jwt("https://a.example/", "xy"))
                .isNotEqualTo(CallerKey.jwt("https://a.example/x\u0000", "y"));
        assertThat(CallerKey.jwt("https://" + "i".repeat(1000), "s".repeat(255))).hasSize(47);
    }
}
