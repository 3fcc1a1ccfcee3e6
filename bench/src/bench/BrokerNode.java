package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One broker on Payara Micro, as {@code bench/boot.sh} starts it: loopback only ({@code --nocluster},
 * {@code payara-config/loopback.asadmin} for the HTTP listener and Hazelcast's interface,
 * {@code hazelcast.socket.bind.any=false}, {@code hazelcast.phone.home.enabled=false}), a free port,
 * a fresh root, temp and data directory, and the integration tests' users and JWT key
 * ({@code src/test/resources/it/broker-it.properties}) with the benchmark's own overrides.
 * {@link #close()} stops it (SIGTERM, then SIGKILL after 30 s) and keeps only its log,
 * {@code target/bench/logs/<name>.log}.
 */
final class BrokerNode implements AutoCloseable {

    static final String JVM_DEFAULT = "-Xmx512m -XX:+UseSerialGC";
    static final String BENCH_WAR = "target/bench/broker-bench.war";

    final String name;
    final int port;
    final URI base;
    final Process process;
    final Path dir;
    final Path log;
    private final Thread hook;

    private BrokerNode(String name, int port, Process process, Path dir, Path log) {
        this.name = name;
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port + "/");
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.hook = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts the bench WAR (the broker WAR plus {@code bench/probe}) and waits for {@code /health/ready}.
     *
     * @param overrides broker settings on top of the integration tests' properties
     * @param env       extra environment (e.g. {@code MCPOAUTH_DB_URL}); MCPOAUTH_* of the caller's shell are dropped
     */
    static BrokerNode start(String name, Map<String, String> overrides, Map<String, String> env) {
        int port = dev.mcpoauth.peers.Peers.freePort();
        Path dir = Bench.WORK.resolve("run").resolve(name + "-" + System.currentTimeMillis());
        try {
            for (String sub : List.of("root", "tmp", "data")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(Bench.ROOT.resolve("target/test-classes/it/broker-it.properties"))) {
                properties.load(in);
            }
            properties.setProperty("mcpoauth.public-base-url", "http://127.0.0.1:" + port);
            properties.setProperty("mcpoauth.security.outbound.allow-loopback-http", "true");
            overrides.forEach(properties::setProperty);
            Path propertiesFile = dir.resolve("broker.properties");
            try (OutputStream out = Files.newOutputStream(propertiesFile)) {
                properties.store(out, "bench " + name);
            }

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(Bench.env("BENCH_JVM_OPTS", JVM_DEFAULT).split("\\s+")));
            command.addAll(List.of("-Dhazelcast.socket.bind.any=false", "-Dhazelcast.phone.home.enabled=false",
                    "-Djdk.httpclient.allowRestrictedHeaders=host", "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                    "-jar", Bench.ROOT.resolve("target/payara-micro.jar").toString(),
                    "--nocluster", "--disablephonehome",
                    "--prebootcommandfile", Bench.ROOT.resolve("payara-config/loopback.asadmin").toString(),
                    "--rootdir", dir.resolve("root").toString(),
                    "--port", Integer.toString(port),
                    "--systemproperties", propertiesFile.toString(),
                    "--deploy", Bench.ROOT.resolve(BENCH_WAR) + ":/"));
            Path log = dir.resolve("payara.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("MCPOAUTH_") || k.startsWith("MP_JWT"));
            builder.environment().put("MCPOAUTH_DATA_DIR", dir.resolve("data").toString());
            builder.environment().putAll(env);
            Bench.log("starting broker %s on 127.0.0.1:%d (JVM %s)", name, port, Bench.env("BENCH_JVM_OPTS", JVM_DEFAULT));
            Instant started = Instant.now();
            BrokerNode node = new BrokerNode(name, port, builder.start(), dir, log);
            try {
                node.awaitReady(Duration.ofSeconds(Bench.intEnv("BENCH_BOOT_TIMEOUT", 240)));
                Bench.log("broker %s ready in %.1f s", name, Duration.between(started, Instant.now()).toMillis() / 1000.0);
                Bench.requireLoopbackOnly("broker " + name, node.pid());
                return node;
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker " + name + " exited before it was ready; " + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Bench.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("broker " + name + " not ready within " + timeout + " (" + last + "); " + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "no log";
        }
    }

    long pid() {
        return process.pid();
    }

    URI uri(String relative) {
        return base.resolve(relative);
    }

    /** VmRSS in MiB and the number of threads, from {@code /proc/<pid>/status}. */
    Map<String, Long> procStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    out.put("rssMiB", Long.parseLong(line.replaceAll("\\D+", "")) / 1024);
                } else if (line.startsWith("Threads:")) {
                    out.put("threads", Long.parseLong(line.replaceAll("\\D+", "")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Threads whose name starts with {@code HttpClient-} (JDK HttpClient selector and worker threads). */
    long httpClientThreads() {
        String dump = Bench.run(Duration.ofSeconds(60), jdkTool("jcmd"), Long.toString(pid()), "Thread.print");
        return dump.lines().filter(l -> l.startsWith("\"HttpClient-")).count();
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Java heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB. */
    long heapAfterFullGcKiB() {
        Bench.run(Duration.ofSeconds(120), jdkTool("jcmd"), Long.toString(pid()), "GC.run");
        String info = Bench.run(Duration.ofSeconds(60), jdkTool("jcmd"), Long.toString(pid()), "GC.heap_info");
        long used = 0;
        for (String line : info.split("\n")) {
            // Serial/Parallel: "def new generation", "tenured generation"; G1: "garbage-first heap"
            if (line.contains("generation") || line.contains("garbage-first heap") || line.contains("ParOldGen")
                    || line.contains("PSYoungGen")) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                }
            }
        }
        return used;
    }

    static String jdkTool(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    Bench.log("broker %s did not stop within 30 s: SIGKILL", name);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook kills the process
            }
            keepLogAndDelete();
        }
    }

    private void keepLogAndDelete() {
        try {
            Path logs = Bench.WORK.resolve("logs");
            Files.createDirectories(logs);
            if (Files.exists(log)) {
                Files.copy(log, logs.resolve(name + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            Bench.log("could not clean %s: %s", dir, e);
        }
    }
}
