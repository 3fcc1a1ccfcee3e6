package dev.mcpoauth.outbound.entity;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The host of a URL as {@link URI#getHost()} gives it (IPv6 literals keep their brackets). */
public record UrlHost(String name) {

    static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    public UrlHost {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a host name is required");
        }
    }

    public static Optional<UrlHost> of(URI url) {
        return Optional.ofNullable(url.getHost()).filter(host -> !host.isEmpty()).map(UrlHost::new);
    }

    /**
     * The address when the host is an IP literal, empty for a DNS name. Never does a DNS lookup:
     * InetAddress parses a bracketed literal as IPv6 and fails instead of resolving, so IPv4
     * literals go through their IPv4-mapped form (which InetAddress returns as an Inet4Address).
     */
    public Optional<InetAddress> literal() {
        String candidate;
        if (name.startsWith("[") && name.endsWith("]")) {
            candidate = name;
        } else if (name.indexOf(':') >= 0) {
            candidate = "[" + name + "]";
        } else if (DOTTED_QUAD.matcher(name).matches()) {
            candidate = "[::ffff:" + name + "]";
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    /** {@code localhost} or a loopback literal; decided without DNS. */
    public boolean isLoopback() {
        return "localhost".equals(name.toLowerCase(Locale.ROOT))
                || literal().map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** Lower case, without a trailing dot, for comparing names. */
    public String normalized() {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
