package dev.mcpoauth.security.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin", "/oauth/start/3f2a?x=1&y=%2F", "/api/v1/me"})
    void keepsAPathOnTheBrokerItself(String path) {
        assertThat(ReturnPath.of(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"//evil.example/", "/\\evil.example", "https://evil.example/", "admin", "/a b",
        "/a\r\nSet-Cookie: x=1", "/#fragment", "javascript:alert(1)", "/\u00e9"})
    void sendsAnythingElseHome(String requested) {
        assertThat(ReturnPath.of(requested)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(ints = {2001, 10_000})
    void sendsAnOverlongPathHome(int length) {
        assertThat(ReturnPath.of("/" + "a".repeat(length - 1))).isEqualTo("/");
    }
}
