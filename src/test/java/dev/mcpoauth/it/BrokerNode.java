package dev.mcpoauth.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broker node of a cluster the test starts itself: the packaged WAR on Payara Micro in a JVM of
 * its own (not Arquillian's), with the suite's JVM options, HTTP on 127.0.0.1, and Payara's
 * Hazelcast data grid on 127.0.0.1 with its TCP/IP members listed (never multicast). The server
 * log goes to a file under target/, which stays for diagnosis.
 */
final class BrokerNode implements AutoCloseable {

    /** Payara's own summary line once a grid has this many members. */
    static final Pattern GRID_SIZE = Pattern.compile("Payara Data Grid State: .* DG Size: (\\d+)");
    static final Pattern TIMER_RUNS = Pattern.compile("(?m)^mcpoauth_timer_runs_total\\{([^}]*)}\\s+(\\S+)");
    static final Pattern TIMER_TAG = Pattern.compile("timer=\"([^\"]+)\"");
    static final Pattern REFRESHES = Pattern.compile(
            "(?m)^mcpoauth_refreshes_succeeded_total(?:\\{[^}]*})?\\s+(\\S+)");

    /** Where one node of a cluster listens, and the grid it joins. */
    record Address(String name, int httpPort, int gridPort) {
        String member() {
            return "127.0.0.1:" + gridPort;
        }
    }

    /** What every node of the cluster shares: the grid, the database and the settings. */
    record Cluster(String name, List<Address> members, String databaseUrl, String databaseUser, String databasePassword,
            Properties settings) {
        String tcpipMembers() {
            return String.join(",", members.stream().map(Address::member).toList());
        }
    }

    final Address address;
    final Process process;
    final Path log;
    final BrokerClient client;

    private BrokerNode(Address address, Process process, Path log) {
        this.address = address;
        this.process = process;
        this.log = log;
        this.client = new BrokerClient(URI.create("http://127.0.0.1:" + address.httpPort() + "/"));
    }

    /** Starts the JVM and returns at once; {@link #awaitReady} waits for the broker. */
    static BrokerNode start(Address address, Cluster cluster, Path dir, String run) throws IOException {
        Path root = dir.resolve(run + "-root");
        Path data = dir.resolve("data");
        Path tmp = dir.resolve(run + "-tmp");
        Files.createDirectories(root);
        Files.createDirectories(data);
        Files.createDirectories(tmp);
        Path settings = dir.resolve(run + "-system.properties");
        try (OutputStream out = Files.newOutputStream(settings)) {
            cluster.settings().store(out, "broker node " + address.name() + " (" + run + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(List.of("-jar", System.getProperty("payara.micro.jar"),
                "--deploy", System.getProperty("broker.war") + ":/",
                "--port", Integer.toString(address.httpPort()),
                "--name", address.name(),
                "--rootdir", root.toString(),
                "--clustername", cluster.name(),
                "--clustermode", "tcpip:" + cluster.tcpipMembers(),
                "--startport", Integer.toString(address.gridPort()),
                "--interfaces", "127.0.0.1",
                "--prebootcommandfile", System.getProperty("payara.preboot"),
                "--systemproperties", settings.toString(),
                "--disablephonehome"));
        Path log = dir.resolve(run + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> environment = builder.environment();
        // the suite's own database and data directory are the Arquillian broker's, not this node's
        environment.keySet().removeIf(key -> key.startsWith("MCPOAUTH_"));
        environment.put("MCPOAUTH_DATA_DIR", data.toString());
        environment.put("MCPOAUTH_DB_URL", cluster.databaseUrl());
        environment.put("MCPOAUTH_DB_USER", cluster.databaseUser());
        environment.put("MCPOAUTH_DB_PASSWORD", cluster.databasePassword());
        System.out.println("[two-nodes] " + address.name() + " " + run + ": " + String.join(" ", command));
        return new BrokerNode(address, builder.start(), log);
    }

    /** The suite's JVM options, but the public base URL is the cluster's (in its settings). */
    static List<String> jvmOptions() {
        return Arrays.stream(System.getProperty("payara.jvm").trim().split("\\s+"))
                .filter(option -> !option.startsWith("-Dmcpoauth.public-base-url="))
                .toList();
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(address.name() + " ended before it was ready (exit " + process.exitValue()
                        + "); see " + log + ":\n" + tail());
            }
            try {
                if (client.get(client.root().resolve("health/ready")).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(address.name() + " not ready within " + timeout + "; see " + log + ":\n" + tail());
    }

    /** The largest data grid Payara reported in this node's log. */
    int largestGridSeen() {
        Matcher sizes = GRID_SIZE.matcher(logText());
        int largest = 0;
        while (sizes.find()) {
            largest = Math.max(largest, Integer.parseInt(sizes.group(1)));
        }
        return largest;
    }

    /** Local addresses of this JVM's listening TCP sockets ({@code ss}); empty when ss cannot tell. */
    List<String> listeningAddresses() throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), UTF_8);
        if (!ss.waitFor(20, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            return List.of();
        }
        String owner = "pid=" + process.pid() + ",";
        return out.lines().filter(line -> line.contains(owner))
                .map(line -> line.trim().split("\\s+")[3])
                .toList();
    }

    /** mcpoauth_timer_runs_total of this node, by its timer tag. */
    Map<String, Double> timerRuns() {
        Map<String, Double> runs = new HashMap<>();
        Matcher samples = TIMER_RUNS.matcher(metrics());
        while (samples.find()) {
            Matcher timer = TIMER_TAG.matcher(samples.group(1));
            if (timer.find()) {
                runs.merge(timer.group(1), Double.parseDouble(samples.group(2)), Double::sum);
            }
        }
        return runs;
    }

    double refreshesSucceeded() {
        Matcher sample = REFRESHES.matcher(metrics());
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    /** The broker's own metrics, Prometheus text. */
    String metrics() {
        var response = client.get(client.root().resolve("metrics?scope=application"));
        if (response.statusCode() != 200) {
            throw new AssertionError(address.name() + " /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    String logText() {
        try {
            return Files.readString(log, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** kill -9: no shutdown hook, no commit, no goodbye to the grid. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A clean stop (SIGTERM), forced when it takes too long. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
