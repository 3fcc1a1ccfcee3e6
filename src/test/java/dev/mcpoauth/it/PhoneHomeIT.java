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
 * No packet for the cloud metadata address: boots the packaged WAR with the integration tests'
 * own JVM options ({@code payara.jvm}) through {@code src/test/phone-home/run.sh}, in a
 * loopback-only network namespace where 169.254.169.254 is on {@code lo} with a listener on port
 * 80, and fails when that listener got a connection. Skipped where the script cannot make the
 * namespace (not root, no unshare); runs once, in the H2 pass.
 */
class PhoneHomeIT {

    static final long TIMEOUT_MINUTES = 6;
    static final int CANNOT_RUN_HERE = 77;

    @Test
    void aBrokerBootSendsNothingToTheCloudMetadataAddress() throws Exception {
        assumeFalse("postgresql".equals(System.getProperty("it.database")),
                "the boot probe does not depend on the database: it runs in the H2 pass only");
        ProcessBuilder builder = new ProcessBuilder("sh", "src/test/phone-home/run.sh")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().put("PROBE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("PROBE_JVM_OPTS", System.getProperty("payara.jvm"));
        Process run = builder.start();
        StringBuilder output = new StringBuilder();
        Thread echo = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(run.getInputStream(), UTF_8))) {
                lines.lines().forEach(line -> {
                    System.out.println("[phone-home] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "phone-home-output");
        echo.start();
        boolean finished = run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            run.destroy(); // run.sh stops its broker and listener on TERM
            if (!run.waitFor(20, TimeUnit.SECONDS)) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
            }
        }
        echo.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(finished).as("src/test/phone-home/run.sh finished within %d minutes", TIMEOUT_MINUTES).isTrue();
        assumeFalse(run.exitValue() == CANNOT_RUN_HERE, "src/test/phone-home/run.sh cannot make a loopback-only"
                + " network namespace here (needs root, unshare and ip): the boot probe is skipped");
        synchronized (output) {
            assertThat(output).contains("0 connection(s) to 169.254.169.254:80");
        }
        assertThat(run.exitValue()).as("src/test/phone-home/run.sh exit status (details above and in"
                + " target/phone-home/)").isZero();
    }
}
