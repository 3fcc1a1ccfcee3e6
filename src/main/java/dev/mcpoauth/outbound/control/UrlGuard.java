package dev.mcpoauth.outbound.control;

import dev.mcpoauth.outbound.entity.OutboundAddress;
import dev.mcpoauth.outbound.entity.OutboundRange;
import dev.mcpoauth.outbound.entity.OutboundTarget;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.outbound.entity.UrlForbiddenException.Rule;
import dev.mcpoauth.outbound.entity.UrlHost;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbound URL policy (SSRF defence, MCP security best practices) for every URL learned from
 * the network. It decides before any connection is opened: https only, no user information, and
 * every address the host resolves to must be public unless allow-listed. Loopback is allowed
 * only by the loopback flag, which also permits plain http to loopback (test and dev setups).
 * The vetted addresses are returned so that {@link Outbound} connects to them and not to
 * whatever the name resolves to a moment later (DNS rebinding).
 */
@Dependent
public class UrlGuard {

    static final String ALLOW_LOOPBACK_HTTP = "mcpoauth.security.outbound.allow-loopback-http";
    static final String ALLOWED_HOSTS = "mcpoauth.security.outbound.allowed-hosts";

    /** Host name resolution; {@link InetAddress#getAllByName} by default, a fake in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    final boolean allowLoopbackHttp;
    final Set<String> allowedHostNames;
    final List<OutboundRange> allowedRanges;
    final Resolver resolver;

    @Inject
    public UrlGuard(
            @ConfigProperty(name = ALLOW_LOOPBACK_HTTP, defaultValue = "false")
                    boolean allowLoopbackHttp,
            @ConfigProperty(name = ALLOWED_HOSTS) Optional<String> allowedHosts) {
        this(allowLoopbackHttp, allowedHosts.map(list -> Arrays.asList(list.split(","))).orElse(List.of()),
                InetAddress::getAllByName);
    }

    /** @param allowed host names or CIDR blocks whose private addresses are accepted (never loopback) */
    public UrlGuard(boolean allowLoopbackHttp, List<String> allowed, Resolver resolver) {
        this.allowLoopbackHttp = allowLoopbackHttp;
        List<String> entries = allowed.stream().map(String::strip).filter(entry -> !entry.isEmpty()).toList();
        this.allowedRanges = entries.stream().filter(UrlGuard::isRange).map(OutboundRange::parse).toList();
        this.allowedHostNames = entries.stream().filter(entry -> !isRange(entry))
                .map(entry -> new UrlHost(entry).normalized()).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public boolean allowsLoopbackHttp() {
        return allowLoopbackHttp;
    }

    /** A URL as text from the network; one that does not even parse is refused as NOT_ABSOLUTE. */
    public OutboundTarget check(String url) {
        return check(parse(url));
    }

    /** @throws UrlForbiddenException NOT_ABSOLUTE when the text is missing or does not parse */
    public static URI parse(String url) {
        if (url == null) {
            throw forbidden(Rule.NOT_ABSOLUTE, "The URL is missing.");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw forbidden(Rule.NOT_ABSOLUTE, "The URL is not a valid absolute http(s) URL.");
        }
    }

    /** @throws UrlForbiddenException when the URL breaks the policy; no connection is opened either way */
    public OutboundTarget check(URI url) {
        if (url == null || !url.isAbsolute() || url.isOpaque()) {
            throw forbidden(Rule.NOT_ABSOLUTE, "The URL is not an absolute http(s) URL.");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw forbidden(Rule.SCHEME, "Only https URLs are allowed.");
        }
        String authority = url.getRawAuthority();
        if (url.getRawUserInfo() != null || authority != null && authority.contains("@")) {
            throw forbidden(Rule.USERINFO, "URLs with user information (user:password@host) are not allowed.");
        }
        UrlHost host = UrlHost.of(url)
                .orElseThrow(() -> forbidden(Rule.NO_HOST, "The URL has no usable host name."));
        boolean http = scheme.equals("http");
        if (http && !allowLoopbackHttp) {
            throw forbidden(Rule.SCHEME, "Only https URLs are allowed; " + host.name() + " was given with http."
                    + " Plain http to loopback addresses is allowed with " + ALLOW_LOOPBACK_HTTP + "=true"
                    + " (development and tests).");
        }
        List<InetAddress> addresses = resolve(host);
        for (InetAddress address : addresses) {
            new OutboundAddress(address).violation().filter(rule -> !excepted(rule, host, address)).ifPresent(rule -> {
                throw forbidden(rule, host.name() + " resolves to a " + rule.description() + ", which is not allowed."
                        + remedy(rule));
            });
        }
        if (http && !addresses.stream().allMatch(InetAddress::isLoopbackAddress)) {
            throw forbidden(Rule.SCHEME, "Plain http is allowed only to loopback addresses; " + host.name() + " is not one.");
        }
        return new OutboundTarget(url, addresses);
    }

    List<InetAddress> resolve(UrlHost host) {
        try {
            InetAddress[] addresses = resolver.resolve(host.name());
            if (addresses == null || addresses.length == 0) {
                throw forbidden(Rule.UNRESOLVABLE, host.name() + " does not resolve to any address.");
            }
            return List.of(addresses);
        } catch (UnknownHostException e) {
            throw forbidden(Rule.UNRESOLVABLE, host.name() + " does not resolve to any address.");
        }
    }

    boolean excepted(Rule rule, UrlHost host, InetAddress address) {
        return switch (rule) {
            case LOOPBACK -> allowLoopbackHttp;
            case UNSPECIFIED -> false;
            default -> allowedHostNames.contains(host.normalized())
                    || allowedRanges.stream().anyMatch(range -> range.contains(address));
        };
    }

    /** Names the setting that allows what was refused, where one may. */
    static String remedy(Rule rule) {
        return switch (rule) {
            case LOOPBACK -> " " + ALLOW_LOOPBACK_HTTP + "=true allows loopback addresses (development and tests).";
            case PRIVATE, SHARED, RESERVED -> " An internal server may be listed, by host name or CIDR, in "
                    + ALLOWED_HOSTS + ".";
            default -> "";
        };
    }

    static boolean isRange(String entry) {
        return entry.contains("/") || new UrlHost(entry).literal().isPresent();
    }

    static UrlForbiddenException forbidden(Rule rule, String message) {
        return new UrlForbiddenException(rule, message);
    }
}
