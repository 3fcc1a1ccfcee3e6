package dev.mcpoauth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end browser walk of the pages against the packaged WAR: runs
 * {@code node src/test/browser/walk.mjs}, which boots oidc-provider (the MCP server's authorization
 * server and the organisation's sign-in provider), the TypeScript-SDK MCP server and the broker on
 * Payara Micro, in a loopback-only network namespace when run as root, and drives Debian's Chromium
 * through them: the admin signs in with the form, adds and validates the server; alice signs in
 * with OpenID Connect, connects through the authorization server's login and consent pages, sees
 * the status turn connected without a reload, calls a tool and disconnects; the admin's audit page
 * shows each step; forged cross-origin and token-less POSTs are refused; sign-out ends the session.
 * Every page passes axe-core (no serious or critical violation) and is photographed at desktop
 * and phone width into {@code target/screenshots/}. Asserts the walk's exit status and its
 * {@code target/browser/result.json}. Part of {@code mvn verify}, so {@code -DskipTests} and
 * {@code -DskipITs} skip it; it runs once, in the H2 pass.
 */
class BrowserIT {

    // generous: the broker's start and the walk take a few minutes on a loaded two-core machine
    static final long TIMEOUT_MINUTES = 15;
    static final Path RESULT = Path.of("target", "browser", "result.json");

    @Test
    void peopleCanUseThePages() throws Exception {
        assumeFalse("postgresql".equals(System.getProperty("it.database")),
                "the browser walk brings its own broker on H2: it runs in the H2 pass only");
        Files.deleteIfExists(RESULT);
        String node = System.getenv().getOrDefault("NODE_BINARY", "node");
        ProcessBuilder builder = new ProcessBuilder(node, "src/test/browser/walk.mjs")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().put("BROWSER_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process run = builder.start();
        // through System.out, not inherited: the forked JVM's own stdout is failsafe's channel
        Thread echo = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(run.getInputStream(), UTF_8))) {
                lines.lines().forEach(line -> System.out.println("[browser] " + line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "browser-output");
        echo.start();
        boolean finished = run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            run.destroy(); // walk.mjs stops its broker, peers and browser on TERM
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
            }
        }
        echo.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(finished).as("walk.mjs finished within %d minutes", TIMEOUT_MINUTES).isTrue();
        assertThat(RESULT).as("the walk's result").exists();
        JsonObject result = read(RESULT);
        assertThat(failedSteps(result)).as("failed steps (details above and in target/browser/)").isEmpty();
        assertThat(result.getJsonArray("steps")).as("steps walked").hasSizeGreaterThan(10);
        assertThat(seriousViolations(result)).as("serious or critical axe-core violations").isEmpty();
        assertThat(result.getJsonObject("axe").keySet()).as("pages checked with axe-core")
                .contains("signin", "index", "admin", "callback", "admin-audit");
        assertThat(result.getJsonArray("pageProblems")).as("CSP refusals and uncaught errors on the pages").isEmpty();
        assertThat(result.getBoolean("ok")).as("the walk's verdict").isTrue();
        assertThat(run.exitValue()).as("walk.mjs exit status").isZero();
    }

    static JsonObject read(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, UTF_8))) {
            return reader.readObject();
        }
    }

    /** "step: error" of each step that failed. */
    static List<String> failedSteps(JsonObject result) {
        return result.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(step -> !step.getBoolean("ok"))
                .map(step -> step.getString("name") + ": " + step.getString("error", "(no detail)"))
                .toList();
    }

    /** "page width: rule (impact)" of each serious or critical violation. */
    static List<String> seriousViolations(JsonObject result) {
        JsonObject axe = result.getJsonObject("axe");
        return axe.keySet().stream()
                .flatMap(page -> List.of("desktop", "phone").stream()
                        .flatMap(width -> axe.getJsonObject(page).getJsonArray(width).getValuesAs(JsonObject.class)
                                .stream()
                                .filter(v -> v.get("impact") != JsonValue.NULL
                                        && List.of("serious", "critical").contains(v.getString("impact")))
                                .map(v -> page + " " + width + ": " + v.getString("id") + " (" + v.getString("impact")
                                        + ")")))
                .toList();
    }
}
