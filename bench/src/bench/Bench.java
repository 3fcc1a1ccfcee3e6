package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What every benchmark shares: settings from the environment, the machine's load, printing, child processes. */
final class Bench {

    static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    static final Path WORK = ROOT.resolve("target/bench");

    private Bench() {
    }

    static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A duration from the environment: ISO-8601 ({@code PT5M}) or a number with s/m suffix ({@code 60s}, {@code 5m}). */
    static Duration durationEnv(String name, Duration fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt") || v.startsWith("p")) {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
    }

    /** The 1, 5 and 15 minute load averages, as the kernel prints them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    static void out(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
        System.out.flush();
    }

    static String header(String title) {
        return title + " (JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores)";
    }

    static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    /** Runs a command, returns its stdout (stderr merged); fails on a non-zero exit or after the timeout. */
    static String run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer within " + timeout);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses to go on when any of these processes listens on something other than loopback
     * ({@code ss -Hltnp}); a machine without {@code ss} is reported, not checked.
     */
    static void requireLoopbackOnly(String what, long... pids) {
        String listeners;
        try {
            listeners = run(Duration.ofSeconds(10), "ss", "-Hltnp");
        } catch (RuntimeException e) {
            log("cannot run ss (%s): listeners of %s NOT checked", e.getMessage(), what);
            return;
        }
        List<String> seen = new ArrayList<>();
        for (String line : listeners.split("\n")) {
            for (long pid : pids) {
                if (line.contains("pid=" + pid + ",")) {
                    String local = line.trim().split("\\s+")[3];
                    if (!local.matches("(127\\.[0-9.]+|\\[::1\\]|\\[::ffff:127\\.[0-9.]+\\]):[0-9]+")) {
                        throw new IllegalStateException(what + " (pid " + pid + ") listens on " + local
                                + ", not loopback: stopping");
                    }
                    seen.add(local);
                }
            }
        }
        log("%s listen on loopback only: %s", what, seen);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
