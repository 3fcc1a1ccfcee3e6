package dev.mcpoauth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite's client authorization scenarios against the packaged WAR:
 * runs {@code conformance/run.sh}, which boots its own broker in a loopback-only network
 * namespace and checks each suite version against its expected-failures file, and fails when
 * that script does. Part of {@code mvn verify}, so {@code -DskipTests} and {@code -DskipITs}
 * skip it as they skip every integration test; it runs once, in the H2 pass.
 */
class ConformanceIT {

    static final long TIMEOUT_MINUTES = 25;

    @Test
    void authScenariosPassOrFailAsExpected() throws Exception {
        assumeFalse("postgresql".equals(System.getProperty("it.database")),
                "the conformance run does not depend on the database: it runs in the H2 pass only");
        ProcessBuilder builder = new ProcessBuilder("sh", "conformance/run.sh")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().put("CONFORMANCE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process run = builder.start();
        // through System.out, not inherited: the forked JVM's own stdout is failsafe's channel
        Thread echo = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(run.getInputStream(), UTF_8))) {
                lines.lines().forEach(line -> System.out.println("[conformance] " + line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "conformance-output");
        echo.start();
        boolean finished = run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            run.destroy(); // run.sh stops its broker on TERM
            if (!run.waitFor(20, TimeUnit.SECONDS)) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
            }
        }
        echo.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(finished).as("conformance/run.sh finished within %d minutes", TIMEOUT_MINUTES).isTrue();
        assertThat(run.exitValue())
                .as("conformance/run.sh exit status (details above and in target/conformance/)")
                .isZero();
    }
}
