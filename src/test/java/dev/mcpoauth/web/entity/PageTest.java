package dev.mcpoauth.web.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void escapesEverythingItShows() {
        String hostile = "<script>alert('x')</script> & \"quoted\"";

        String html = new Page(400, hostile, hostile, false).html();

        assertThat(html).doesNotContain("<script>").doesNotContain("'x'").doesNotContain("\"quoted\"")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
    }

    @Test
    void looksLikeTheOtherPagesThroughTheSharedStyleSheetAlone() {
        String html = new Page(200, "Connected", "Your account is connected.", true).html();

        assertThat(html).contains("<link rel=\"stylesheet\" href=\"/assets/app.css\">")
                .doesNotContain("<style").doesNotContain("style=").doesNotContain("<script")
                .contains("You can close this window.");
    }

    @Test
    void allowsNoInlineStyleAndNoScript() {
        String policy = Page.HEADERS.get("Content-Security-Policy");

        assertThat(policy).isEqualTo("default-src 'none'; style-src 'self'; img-src 'self' data:;"
                + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("script-src");
    }
}
