package dev.mcpoauth.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Node.js test peer ({@code node <script>} in {@code src/test/peers}), bound to 127.0.0.1, or
 * a Java one ({@link #startJava}: a main class of the test classpath in a JVM of its own).
 *
 * <p>The peer prints {@code READY <port>} on stdout once it listens; everything else it writes
 * (stdout and stderr) is copied to {@code target/peers/<name>.log}. {@link #close()} sends SIGTERM,
 * waits, then kills.
 *
 * <p>Node is {@code node} on the PATH, or the file named by the environment variable
 * {@code NODE_BINARY}. The peers directory is {@code <basedir>/src/test/peers}, where basedir is the
 * system property {@code basedir} (set by surefire/failsafe) or the working directory; the system
 * property {@code peers.dir} overrides it.
 */
public final class NodePeer implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern READY = Pattern.compile("READY (\\d+)");
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final int port;
    private final Thread pump;
    private final Thread shutdownHook;

    private NodePeer(String name, Process process, Path logFile, int port, Thread pump) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.port = port;
        this.pump = pump;
        this.shutdownHook = new Thread(process::destroyForcibly, "kill-peer-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Directory holding the peer scripts and their {@code node_modules}. */
    public static Path peersDir() {
        String override = System.getProperty("peers.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "src", "test", "peers").toAbsolutePath();
    }

    /** Directory for the peers' logs: {@code <basedir>/target/peers}. */
    public static Path logDir() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "target", "peers").toAbsolutePath();
    }

    static String nodeBinary() {
        String fromEnv = System.getenv("NODE_BINARY");
        return fromEnv == null || fromEnv.isBlank() ? "node" : fromEnv;
    }

    /** Fails with a clear message when {@code npm ci} has not been run in the peers directory. */
    public static void requireInstalled() {
        Path dir = peersDir();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException(dir.resolve("node_modules") + " is missing: "
                    + "run npm ci in src/test/peers (the build does this in generate-test-resources)");
        }
    }

    /**
     * Starts {@code node <script>} and waits up to {@link #READY_TIMEOUT} for its {@code READY <port>}
     * line.
     *
     * @param name   short name, used for the log file and thread names
     * @param script file name inside {@link #peersDir()}
     * @param env    extra environment variables (their values are never logged)
     */
    public static NodePeer start(String name, String script, Map<String, String> env) {
        requireInstalled();
        return launch(name, List.of(nodeBinary(), script), peersDir(), env,
                "is Node.js on the PATH, or NODE_BINARY set?");
    }

    /**
     * Starts {@code java -cp <this JVM's class path> <mainClass>} and waits for its
     * {@code READY <port>} line as {@link #start} does.
     */
    public static NodePeer startJava(String name, String mainClass, Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), mainClass);
        return launch(name, command, Path.of(System.getProperty("user.dir")), env, "is the class on the test class path?");
    }

    private static NodePeer launch(String name, List<String> command, Path dir, Map<String, String> env, String hint) {
        Path logFile = logDir().resolve(name + ".log");
        try {
            Files.createDirectories(logFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0) + " in " + dir + " (" + hint + ")", e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to do: the peer reads no input
        }

        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> pump(process, logFile, ready, tail), "peer-" + name + "-output");
        pump.setDaemon(true);
        pump.start();

        try {
            int port = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new NodePeer(name, process, logFile, port, pump);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String why = e instanceof TimeoutException
                    ? "did not print READY <port> within " + READY_TIMEOUT.toSeconds() + " s"
                    : "exited before it was ready";
            String lastLines;
            synchronized (tail) {
                lastLines = String.join("\n", tail);
            }
            throw new IllegalStateException("peer " + name + " (" + command.get(command.size() - 1) + ") " + why
                    + "; log " + logFile + ", last lines:\n" + lastLines, e);
        }
    }

    private static void pump(Process process, Path logFile, CompletableFuture<Integer> ready, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (!ready.isDone()) {
                    Matcher m = READY.matcher(line.strip());
                    if (m.matches()) {
                        ready.complete(Integer.parseInt(m.group(1)));
                    } else {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > TAIL_LINES) {
                                tail.removeFirst();
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        } finally {
            ready.completeExceptionally(new IllegalStateException("output ended"));
        }
    }

    public String name() {
        return name;
    }

    /** The port the peer listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The peer's log so far (for assertion messages). */
    public List<String> logLines() {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, wait up to 5 s, then SIGKILL. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down; the hook will run
            }
        }
    }

    @Override
    public String toString() {
        return "NodePeer[" + name + ", pid " + process.pid() + ", " + baseUrl() + "]";
    }
}
