package dev.mcpoauth.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    @Test
    void readsABodyUpToTheLimit() throws IOException {
        assertThat(BodyLimitFilter.readAtMost(new ByteArrayInputStream(new byte[10]), 10)).get()
                .satisfies(body -> assertThat(body).hasSize(10));
        assertThat(BodyLimitFilter.readAtMost(new ByteArrayInputStream(new byte[0]), 10)).get()
                .satisfies(body -> assertThat(body).isEmpty());
    }

    @Test
    void stopsReadingOneByteBeyondTheLimit() throws IOException {
        var endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'x';
            }
        };

        assertThat(BodyLimitFilter.readAtMost(endless, 20_000)).isEmpty();
        assertThat(endless.served).isEqualTo(20_001);
    }
}
