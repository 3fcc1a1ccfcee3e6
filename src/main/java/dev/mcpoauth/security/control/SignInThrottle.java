package dev.mcpoauth.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts failed sign-ins per user name and per client address in fixed windows, and refuses further attempts
 * until the window ends once either count reaches its limit, so that guessing costs the guesser time and a crowd
 * of wrong passwords cannot keep the CPU busy with PBKDF2 runs. The map is bounded: when it is full of live
 * windows, new names and addresses go uncounted rather than evicting the ones being throttled.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int CAPACITY = 10_000;

    record Window(Instant end, int failures) {
    }

    @Inject
    @ConfigProperty(name = "mcpoauth.security.sign-in.failures-per-user", defaultValue = "5")
    int perUser;

    @Inject
    @ConfigProperty(name = "mcpoauth.security.sign-in.failures-per-address", defaultValue = "30")
    int perAddress;

    @Inject
    @ConfigProperty(name = "mcpoauth.security.sign-in.failure-window", defaultValue = "PT5M")
    Duration window;

    @Inject
    Clock clock;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    int capacity = CAPACITY;

    public SignInThrottle() {
    }

    public SignInThrottle(Clock clock, int perUser, int perAddress, Duration window, int capacity) {
        this.clock = clock;
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
        this.capacity = capacity;
        check();
    }

    @PostConstruct
    void check() {
        if (perUser < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("mcpoauth.security.sign-in.* limits and window must be positive");
        }
    }

    /** How long the caller must wait before trying again, if either the user or the address is over its limit. */
    public Optional<Duration> retryAfter(String user, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (Map.Entry<String, Integer> key : keys(user, address).entrySet()) {
            Window current = windows.get(key.getKey());
            if (current != null && now.isBefore(current.end()) && current.failures() >= key.getValue()) {
                Duration left = Duration.between(now, current.end());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        for (String key : keys(user, address).keySet()) {
            if (!windows.containsKey(key) && !roomFor(now)) {
                continue;
            }
            windows.compute(key, (k, current) -> current == null || !now.isBefore(current.end())
                    ? new Window(now.plus(window), 1)
                    : new Window(current.end(), current.failures() + 1));
        }
    }

    /** A correct password ends the user's count (not the address's: one valid account must not reset it). */
    public void succeeded(String user) {
        if (user != null) {
            windows.remove(userKey(user));
        }
    }

    int size() {
        return windows.size();
    }

    private boolean roomFor(Instant now) {
        if (windows.size() < capacity) {
            return true;
        }
        windows.values().removeIf(current -> !now.isBefore(current.end()));
        return windows.size() < capacity;
    }

    private Map<String, Integer> keys(String user, String address) {
        var keys = new LinkedHashMap<String, Integer>();
        if (user != null) {
            keys.put(userKey(user), perUser);
        }
        if (address != null) {
            keys.put("address:" + address, perAddress);
        }
        return keys;
    }

    private static String userKey(String user) {
        return "user:" + user;
    }
}
