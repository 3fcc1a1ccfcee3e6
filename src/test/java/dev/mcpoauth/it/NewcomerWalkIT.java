package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.basic;
import static dev.mcpoauth.it.BrokerClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mcpoauth.peers.Peers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first hour, by the README only: a fresh copy of the project, README command 1 as a
 * child process (its own broker, not Arquillian's), the generated admin, a user added the README's
 * way (a hash from PasswordHashes, environment variables, a restart), a server against the real
 * peers, a connection through the authorization server's login and consent, a tool call, a
 * disconnection and a restart that keeps the data. Each stop is Ctrl+C (SIGINT to the process
 * group). The README must still show every command the walk runs, and the start logs may carry no
 * WARNING or SEVERE line beyond {@link #EXPECTED_WARNINGS}. Runs once, in the H2 pass.
 */
class NewcomerWalkIT {

    // generous: a Maven build and a Payara boot on a loaded two-core machine
    static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    static final Path WALK = Path.of("target", "newcomer-walk").toAbsolutePath();
    static final String USER = "carol";
    static final String USER_PASSWORD = "carol-walks-in";

    /** Warnings a clean start still shows, each with the reason it is not the broker's to fix. */
    static final Map<Pattern, String> EXPECTED_WARNINGS = Map.of(
            Pattern.compile("NCLS-SECURITY-05054"),
            "Payara 6.2025.10's own trust store holds root certificates past their end date; an expired root"
                    + " validates nothing, and a newer Payara ships a newer store",
            Pattern.compile("registered the JDBC driver \\[org\\.postgresql\\.Driver] but failed to unregister it"),
            "Payara's leak check, as it discards its temporary deployment class loader, makes the JVM's first"
                    + " DriverManager call: that call loads and registers the WAR's driver through that loader, and"
                    + " the check then deregisters and reports it; no application code has run yet",
            Pattern.compile("Config seed port is \\d+ and cluster size is 1\\. Some of the ports seem occupied"),
            "another Payara on this machine (the suite's Arquillian broker) holds Hazelcast's default port; the"
                    + " local grid takes the next one on 127.0.0.1",
            Pattern.compile("No admin is configured: created the user \"admin\""),
            "the broker's own warning on the first start: the generated admin is for trying it out");

    /** What the walk types, as the README shows it. */
    static final List<String> README_COMMANDS = List.of(
            "mvn -Prun package",
            "curl -u admin:\"$(cat data/admin-password)\" http://127.0.0.1:8080/api/v1/me",
            "{\"name\":\"admin\",\"id\":\"basic:admin\",\"roles\":[\"mcp-admin\",\"mcp-user\"]}",
            "curl http://127.0.0.1:8080/health/ready",
            "-Dbroker.port=",
            "-Dmcpoauth.public-base-url=http://127.0.0.1:",
            "-Dmcpoauth.security.outbound.allow-loopback-http=true",
            "java -cp target/classes dev.mcpoauth.security.control.PasswordHashes",
            "MCPOAUTH_SECURITY_USERS=carol",
            "MCPOAUTH_SECURITY_USER_CAROL_PASSWORD_HASH=",
            "POST /api/v1/servers",
            "POST /api/v1/connections/{serverId}/authorize",
            "POST /api/v1/connections/{id}/tools/{name}",
            "DELETE /api/v1/connections/{id}",
            "GET /api/v1/connections");

    static final Pattern LOG_PROBLEM = Pattern.compile(
            "^(\\[[^\\]]*\\] \\[[^\\]]*\\] \\[(WARNING|SEVERE)\\]|\\[(WARNING|ERROR)\\]).*");

    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    static boolean isUnexpectedProblem(String line) {
        return LOG_PROBLEM.matcher(line).matches()
                && EXPECTED_WARNINGS.keySet().stream().noneMatch(expected -> expected.matcher(line).find());
    }

    @Test
    void runsAddsAUserConnectsCallsAToolAndKeepsItAllOverARestart() throws Exception {
        assumeFalse("postgresql".equals(System.getProperty("it.database")),
                "README command 1 runs the embedded H2 database: the walk runs in the H2 pass only");
        Path copy = freshCopy();
        String readme = Files.readString(copy.resolve("README.md"));
        assertThat(README_COMMANDS).as("commands the walk runs that README.md must show")
                .allSatisfy(command -> assertThat(readme).contains(command));

        int port = Peers.freePort();
        BrokerClient broker = new BrokerClient(URI.create("http://127.0.0.1:" + port + "/"));
        try (Peers peers = Peers.builder().logNamePrefix("walk-").start()) {
            String admin;
            String serverId;
            String connectionId;
            try (Run first = Run.start(copy, port, Map.of(), "first", unexpected)) {
                first.awaitReady(broker);
                admin = basic("admin", Files.readString(copy.resolve("data/admin-password")).trim());
                HttpResponse<String> me = broker.get("api/v1/me", admin);
                assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
                assertThat(me.body()).as("GET /api/v1/me as the README shows it")
                        .isEqualTo("{\"name\":\"admin\",\"id\":\"basic:admin\",\"roles\":[\"mcp-admin\",\"mcp-user\"]}");
                first.stopWithCtrlC();
            }

            Map<String, String> withUser = Map.of("MCPOAUTH_SECURITY_USERS", USER,
                    "MCPOAUTH_SECURITY_USER_CAROL_PASSWORD_HASH", passwordHash(copy, USER_PASSWORD));
            String user = basic(USER, USER_PASSWORD);
            try (Run second = Run.start(copy, port, withUser, "second", unexpected)) {
                second.awaitReady(broker);
                assertThat(second.output()).as("the start log says who signs in and why admin stays")
                        .anyMatch(line -> line.contains("[admin, carol]") && line.contains("is kept"));
                assertThat(broker.get("api/v1/me", admin).statusCode()).as("the generated admin still signs in")
                        .isEqualTo(200);
                assertThat(json(broker.get("api/v1/me", user)).getJsonArray("roles").toString())
                        .isEqualTo("[\"mcp-user\"]");

                HttpResponse<String> created = broker.post("api/v1/servers",
                        "{\"name\":\"walk-server\",\"url\":\"" + peers.mcpUrl() + "\"}", admin);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                serverId = json(created).getString("id");

                HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", user);
                assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
                connectionId = json(started).getString("connectionId");
                HttpResponse<String> page = new BrokerBrowser(broker)
                        .connect(json(started).getString("authorizationUrl"), user, "alice");
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                assertThat(json(broker.get("api/v1/connections/" + connectionId, user)).getString("status"))
                        .isEqualTo("CONNECTED");

                HttpResponse<String> echo = broker.post("api/v1/connections/" + connectionId + "/tools/echo",
                        "{\"text\":\"a newcomer says hello\"}", user);
                assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
                assertThat(echo.body()).contains("a newcomer says hello");

                HttpResponse<String> disconnected = broker.delete("api/v1/connections/" + connectionId, user);
                assertThat(disconnected.statusCode()).as(disconnected.body()).isEqualTo(200);
                assertThat(json(disconnected).getString("refreshToken")).isEqualTo("revoked");
                second.stopWithCtrlC();
            }

            try (Run third = Run.start(copy, port, withUser, "third", unexpected)) {
                third.awaitReady(broker);
                HttpResponse<String> server = broker.get("api/v1/servers/" + serverId, admin);
                assertThat(server.statusCode()).as("the server survived the restart: " + server.body()).isEqualTo(200);
                assertThat(json(server).getString("name")).isEqualTo("walk-server");
                HttpResponse<String> connections = broker.get("api/v1/connections", user);
                assertThat(connections.statusCode()).as(connections.body()).isEqualTo(200);
                assertThat(Json.createReader(new StringReader(connections.body())).readArray().toString())
                        .as("the connection is still listed after the restart").contains(connectionId);
                third.stopWithCtrlC();
            }
        }
        assertThat(unexpected).as("WARNING/SEVERE/ERROR lines beyond the expected ones, in the runs' output"
                + " (target/newcomer-walk/*.log)").isEmpty();
        assertThat(copy.resolve("target/test-classes")).as("-Prun compiles no tests").doesNotExist();
    }

    /** A clone of the repository this build runs in, or a copy of what a clone has. */
    static Path freshCopy() throws IOException, InterruptedException {
        Path project = Path.of("").toAbsolutePath();
        Path copy = WALK.resolve("broker");
        deleteRecursively(WALK);
        Files.createDirectories(WALK);
        if (Files.exists(project.resolve(".git"))) {
            run(List.of("git", "clone", "--quiet", project.toString(), copy.toString()), project);
        } else {
            for (String part : List.of("pom.xml", "README.md", "src/main", "payara-config", "liquibase")) {
                copyRecursively(project.resolve(part), copy.resolve(part));
            }
        }
        return copy;
    }

    /** README: java -cp target/classes dev.mcpoauth.security.control.PasswordHashes, the password on stdin. */
    static String passwordHash(Path copy, String password) throws IOException, InterruptedException {
        Process hashing = new ProcessBuilder(javaCommand(), "-cp", "target/classes",
                "dev.mcpoauth.security.control.PasswordHashes").directory(copy.toFile()).start();
        hashing.getOutputStream().write((password + "\n").getBytes(UTF_8));
        hashing.getOutputStream().close();
        String hash = new String(hashing.getInputStream().readAllBytes(), UTF_8).trim();
        assertThat(hashing.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(hash).startsWith("pbkdf2-sha256$");
        return hash;
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * README command 1 in the copy, in its own process group (setsid) so that a stop reaches Maven and
     * Payara together, as Ctrl+C in a terminal does.
     */
    static final class Run implements AutoCloseable {

        final Process process;
        final List<String> output = Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        private Run(Process process, String name, List<String> unexpected) throws IOException {
            this.process = process;
            Path log = WALK.resolve(name + ".log");
            var file = Files.newBufferedWriter(log, UTF_8);
            this.reader = new Thread(() -> {
                try (file; var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        output.add(line);
                        file.write(line);
                        file.newLine();
                        if (isUnexpectedProblem(line)) {
                            unexpected.add(name + ": " + line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "walk-" + name);
            reader.start();
        }

        static Run start(Path copy, int port, Map<String, String> environment, String name, List<String> unexpected)
                throws IOException {
            List<String> command = new ArrayList<>(List.of("setsid", maven(), "-B"));
            // "offline=true" when this build runs with -o (the pom passes the setting as text)
            if ("offline=true".equals(System.getProperty("walk.maven.offline"))) {
                command.add("-o");
            }
            String repository = System.getProperty("walk.maven.repo.local");
            if (repository != null && !repository.isBlank()) {
                command.add("-Dmaven.repo.local=" + repository);
            }
            command.addAll(List.of("-Prun", "package", "-Dbroker.port=" + port,
                    "-Dmcpoauth.public-base-url=http://127.0.0.1:" + port,
                    "-Dmcpoauth.security.outbound.allow-loopback-http=true"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(key -> key.startsWith("MCPOAUTH_") || key.startsWith("MAVEN_OPTS"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(environment);
            System.out.println("[walk] " + name + ": " + String.join(" ", command));
            return new Run(builder.start(), name, unexpected);
        }

        static String maven() {
            String home = System.getProperty("walk.maven.home");
            Path mvn = home == null ? null : Path.of(home, "bin", "mvn");
            return mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
        }

        List<String> output() {
            synchronized (output) {
                return List.copyOf(output);
            }
        }

        void awaitReady(BrokerClient broker) throws InterruptedException {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                assertThat(process.isAlive()).as("README command 1 ended before the broker was ready: %s", tail())
                        .isTrue();
                try {
                    if (broker.get(broker.root().resolve("health/ready")).statusCode() == 200) {
                        return;
                    }
                } catch (UncheckedIOException notYet) {
                    // not listening yet
                }
                Thread.sleep(2000);
            }
            throw new AssertionError("not ready within " + START_TIMEOUT + ": " + tail());
        }

        /** Ctrl+C: SIGINT to Maven and Payara; the build must not call that a failure. */
        void stopWithCtrlC() throws IOException, InterruptedException {
            signal("INT");
            assertThat(process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("stopped by Ctrl+C").isTrue();
            assertThat(awaitGroupGone()).as("Payara ended with Maven").isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(output()).as("output after Ctrl+C").noneMatch(line -> line.contains("BUILD FAILURE"));
        }

        /** Sends the signal to the process group; whether any process of the group was there to get it. */
        boolean signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(20, TimeUnit.SECONDS) && kill.exitValue() == 0;
        }

        boolean awaitGroupGone() throws IOException, InterruptedException {
            Instant deadline = Instant.now().plus(STOP_TIMEOUT);
            while (signal("0")) {
                if (Instant.now().isAfter(deadline)) {
                    return false;
                }
                Thread.sleep(500);
            }
            return true;
        }

        String tail() {
            List<String> lines = output();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }

        @Override
        public void close() throws Exception {
            // Maven may be gone while Payara, in the same group, still runs
            if (signal("TERM") && !awaitGroupGone()) {
                signal("KILL");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            reader.join(TimeUnit.SECONDS.toMillis(20));
        }
    }
}
