package dev.mcpoauth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite's client authorization scenarios against the packaged WAR:
 * runs {@code conformance/run.sh}, which boots its own broker in a loopback-only network
 * namespace, runs every scenario of both suite versions at each wire one at a time and judges
 * each run (the suite's checks, and the launcher's tools/call through the broker) against its
 * expected-failures file in {@code target/conformance/report.json}. Fails with the runs that
 * failed or are stale, and when the script fails. Part of {@code mvn verify}, so
 * {@code -DskipTests} and {@code -DskipITs} skip it as they skip every integration test; it runs
 * once, in the H2 pass.
 */
class ConformanceIT {

    // generous: the whole run takes a few minutes on a loaded two-core machine
    static final long TIMEOUT_MINUTES = 20;
    static final Path REPORT = Path.of("target", "conformance", "report.json");

    @Test
    void authScenariosPassOrFailAsExpected() throws Exception {
        assumeFalse("postgresql".equals(System.getProperty("it.database")),
                "the conformance run does not depend on the database: it runs in the H2 pass only");
        Files.deleteIfExists(REPORT);
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
        assertThat(REPORT).as("the conformance report").exists();
        JsonObject report = read(REPORT);
        assertThat(report.getJsonArray("runs")).as("runs in %s", REPORT).isNotEmpty();
        assertThat(failedRuns(report)).as("runs that failed or are stale (table: target/conformance/report.md)").isEmpty();
        assertThat(report.getJsonArray("unusedEntries")).as("expected-failures entries that match no run").isEmpty();
        assertThat(run.exitValue())
                .as("conformance/run.sh exit status (details above and in target/conformance/)")
                .isZero();
    }

    static JsonObject read(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, UTF_8))) {
            return reader.readObject();
        }
    }

    /** "suite scenario @wire: what went wrong" for each run whose verdict is FAIL or STALE. */
    static List<String> failedRuns(JsonObject report) {
        return report.getJsonArray("runs").getValuesAs(JsonObject.class).stream()
                .filter(run -> List.of("FAIL", "STALE").contains(run.getString("verdict")))
                .map(run -> "%s %s @%s: %s %s".formatted(run.getString("suite"), run.getString("scenario"),
                        run.getString("wire"), run.getString("verdict"),
                        Stream.of("unexpected", "stale")
                                .flatMap(name -> run.getJsonArray(name).getValuesAs(JsonString::getString).stream())
                                .collect(Collectors.joining("; "))))
                .toList();
    }
}
