package dev.mcpoauth.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    static String adopted(String offered) {
        var correlation = new Correlation();
        correlation.adopt(offered);
        return correlation.id();
    }

    @Test
    void adoptsAShortPlainId() {
        assertThat(adopted("req-42.a_B")).isEqualTo("req-42.a_B");
        assertThat(adopted("x".repeat(64))).isEqualTo("x".repeat(64));
    }

    @Test
    void generatesAnIdInsteadOfAnythingElse() {
        for (String offered : new String[] {"x".repeat(65), "", "a b", "a\r\nSet-Cookie: x", "<script>", "ümlaut",
                "access_token=abc;"}) {
            assertThat(adopted(offered)).isNotEqualTo(offered).matches("[0-9a-f-]{36}");
        }
        assertThat(adopted(null)).matches("[0-9a-f-]{36}");
    }
}
