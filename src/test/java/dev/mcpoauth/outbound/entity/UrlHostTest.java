package dev.mcpoauth.outbound.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlHostTest {

    @Test
    void recognisesLoopbackWithoutDns() {
        assertThat(new UrlHost("localhost").isLoopback()).isTrue();
        assertThat(new UrlHost("LocalHost").isLoopback()).isTrue();
        assertThat(new UrlHost("127.0.0.1").isLoopback()).isTrue();
        assertThat(new UrlHost("127.9.9.9").isLoopback()).isTrue();
        assertThat(new UrlHost("[::1]").isLoopback()).isTrue();
        assertThat(new UrlHost("localhost.evil.example").isLoopback()).isFalse();
        assertThat(new UrlHost("10.0.0.1").isLoopback()).isFalse();
    }

    @Test
    void treatsOnlyIpLiteralsAsLiterals() {
        assertThat(new UrlHost("192.168.0.1").literal()).isPresent();
        assertThat(new UrlHost("[fe80::1]").literal()).isPresent();
        assertThat(new UrlHost("999.1.1.1").literal()).isEmpty();
        assertThat(new UrlHost("cafe").literal()).isEmpty();
        assertThat(new UrlHost("example.com").literal()).isEmpty();
    }

    @Test
    void takesTheHostOfAUrl() {
        assertThat(UrlHost.of(URI.create("https://[::1]:8443/x"))).contains(new UrlHost("[::1]"));
        assertThat(UrlHost.of(URI.create("https:///x"))).isEmpty();
        assertThat(new UrlHost("Example.COM.").normalized()).isEqualTo("example.com");
    }
}
