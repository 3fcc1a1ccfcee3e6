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
}
