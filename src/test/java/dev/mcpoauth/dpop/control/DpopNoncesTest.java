package dev.mcpoauth.dpop.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpopNoncesTest {

    static HttpHeaders headers(String nonce) {
        return HttpHeaders.of(Map.of("DPoP-Nonce", List.of(nonce)), (name, value) -> true);
    }

    @Test
    void remembersTheLatestNoncePerServer() {
        DpopNonces nonces = new DpopNonces();
        nonces.rememberFrom("https://as.example.com/token", headers("eyJ7S_zG.eyJH0-Z.HX4w-7v"));
        nonces.remember("https://mcp.example.com/mcp", "n-1");
        nonces.remember("https://mcp.example.com/mcp", "n-2");

        assertThat(nonces.latest("https://as.example.com/token")).contains("eyJ7S_zG.eyJH0-Z.HX4w-7v");
        assertThat(nonces.latest("https://mcp.example.com/mcp")).contains("n-2");
        assertThat(nonces.latest("https://other.example.com/mcp")).isEmpty();
    }

    @Test
    void ignoresNoncesOutsideNqchar() {
        DpopNonces nonces = new DpopNonces();
        nonces.remember("s", "with space");
        nonces.remember("s", "quo\"te");
        nonces.remember("s", "back\\slash");
        nonces.remember("s", "");
        nonces.remember("s", "x".repeat(513));

        assertThat(nonces.latest("s")).isEmpty();
        assertThat(DpopNonces.nonceOf(headers("caf\u00e9"))).isEmpty();
    }

    @Test
    void staysBounded() {
        DpopNonces nonces = new DpopNonces();
        for (int i = 0; i <= DpopNonces.MAX_SERVERS; i++) {
            nonces.remember("server-" + i, "n");
        }
        assertThat(nonces.latest("server-0")).as("the eldest is forgotten").isEmpty();
        assertThat(nonces.latest("server-" + DpopNonces.MAX_SERVERS)).contains("n");
        assertThat(nonces.latest.size()).isEqualTo(DpopNonces.MAX_SERVERS);
    }
}
