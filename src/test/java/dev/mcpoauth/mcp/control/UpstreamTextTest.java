package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamTextTest {

    @Test
    void keepsShortPrintableTextAsItIs() {
        assertThat(UpstreamText.quote("Tool x not found")).isEqualTo("Tool x not found");
        assertThat(UpstreamText.quote(null)).isEmpty();
    }

    @Test
    void foldsControlCharactersAndLineBreaksIntoSingleSpaces() {
        assertThat(UpstreamText.quote("  line one\r\n\tline\u0000two \u001b[31m ")).isEqualTo("line one line two [31m");
    }

    @Test
    void cutsLongTextAndSaysSo() {
        String quoted = UpstreamText.quote("x".repeat(5000));

        assertThat(quoted).hasSize(UpstreamText.MAX + 1).endsWith("…");
        assertThat(UpstreamText.quote("y".repeat(UpstreamText.MAX) + "   ")).doesNotEndWith("…");
    }
}
