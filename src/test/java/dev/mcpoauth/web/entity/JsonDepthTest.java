package dev.mcpoauth.web.entity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonDepthTest {

    static boolean exceeds(String json, int limit) {
        return JsonDepth.exceeds(json.getBytes(UTF_8), limit);
    }

    @Test
    void findsNestingBeyondTheLimit() {
        assertThat(exceeds("[".repeat(100_000), 64)).isTrue();
        assertThat(exceeds("{\"a\":{\"b\":[1,[2]]}}", 3)).isTrue();
        assertThat(exceeds("{\"a\":{\"b\":[1,[2]]}}", 4)).isFalse();
    }

    @Test
    void ignoresBracketsInsideStringsEscapesAndMultibyteCharacters() {
        assertThat(exceeds("{\"a\":\"[[[[{{{{\",\"b\":\"\\\"[[[[\"}", 1)).isFalse();
        assertThat(exceeds("{\"\u00e9\u4e16[[\":\"\\\\\"}", 1)).isFalse();
        assertThat(exceeds("{\"\\\\\":[[]]}", 2)).isTrue();
    }

    @Test
    void countsSiblingsOnceEach() {
        assertThat(exceeds("[" + "[],".repeat(10_000) + "[]]", 2)).isFalse();
    }
}
