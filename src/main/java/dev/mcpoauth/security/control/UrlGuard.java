package dev.mcpoauth.security.control;

import dev.mcpoauth.security.entity.OutboundRange;
import dev.mcpoauth.security.entity.OutboundTarget;
import dev.mcpoauth.security.entity.UrlForbiddenException;
import dev.mcpoauth.security.entity.UrlForbiddenException.Rule;
import dev.mcpoauth.security.entity.UrlHost;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.Inet6Address;
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
 * The JDK HttpClient resolves again when it connects, so a DNS-rebinding window remains; the
 * vetted addresses are returned so that a caller able to pin them can close it.
 */
@Dependent
public class UrlGuard {

    /** Host name resolution; {@link InetAddress#getAllByName} by default, a fake in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    record Blocked(OutboundRange range, Rule rule) {
        Blocked(String cidr, Rule rule) {
            this(OutboundRange.parse(cidr), rule);
        }
    }

    // Explicit blocks next to the InetAddress predicates, for ranges those predicates miss
    // (fc00::/7, 100.64/10, 0/8, reserved blocks) and as a second opinion on the others.
    static final List<Blocked> BLOCKED = List.of(
            new Blocked("0.0.0.0/8", Rule.UNSPECIFIED),
            new Blocked("::/128", Rule.UNSPECIFIED),
            new Blocked("127.0.0.0/8", Rule.LOOPBACK),
            new Blocked("::1/128", Rule.LOOPBACK),
            new Blocked("10.0.0.0/8", Rule.PRIVATE),
            new Blocked("172.16.0.0/12", Rule.PRIVATE),
            new Blocked("192.168.0.0/16", Rule.PRIVATE),
            new Blocked("fc00::/7", Rule.PRIVATE),
            new Blocked("fec0::/10", Rule.PRIVATE),
            new Blocked("169.254.0.0/16", Rule.LINK_LOCAL),
            new Blocked("fe80::/10", Rule.LINK_LOCAL),
            new Blocked("100.64.0.0/10", Rule.SHARED),
            new Blocked("224.0.0.0/4", Rule.MULTICAST),
            new Blocked("ff00::/8", Rule.MULTICAST),
            new Blocked("240.0.0.0/4", Rule.RESERVED), // includes 255.255.255.255 broadcast
            new Blocked("192.0.0.0/24", Rule.RESERVED),
            new Blocked("192.0.2.0/24", Rule.RESERVED),
            new Blocked("198.18.0.0/15", Rule.RESERVED),
            new Blocked("198.51.100.0/24", Rule.RESERVED),
            new Blocked("203.0.113.0/24", Rule.RESERVED),
            new Blocked("100::/64", Rule.RESERVED),
            new Blocked("2001:db8::/32", Rule.RESERVED));

    // IPv6 forms that carry an IPv4 address: the embedded address is judged by the IPv4 rules.
    static final OutboundRange IPV4_MAPPED = ipv4MappedBlock();
    static final OutboundRange IPV4_COMPATIBLE = OutboundRange.parse("::/96");
    static final OutboundRange NAT64 = OutboundRange.parse("64:ff9b::/96");
    static final OutboundRange SIX_TO_FOUR = OutboundRange.parse("2002::/16");

    final boolean allowLoopbackHttp;
    final Set<String> allowedHostNames;
    final List<OutboundRange> allowedRanges;
    final Resolver resolver;

    @Inject
    public UrlGuard(
            @ConfigProperty(name = "mcpoauth.security.outbound.allow-loopback-http", defaultValue = "false")
                    boolean allowLoopbackHttp,
            @ConfigProperty(name = "mcpoauth.security.outbound.allowed-hosts") Optional<String> allowedHosts) {
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
        if (url == null) {
            throw forbidden(Rule.NOT_ABSOLUTE, "The URL is missing.");
        }
        try {
            return check(new URI(url));
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
            throw forbidden(Rule.SCHEME, "Only https URLs are allowed; " + host.name() + " was given with http.");
        }
        List<InetAddress> addresses = resolve(host);
        for (InetAddress address : addresses) {
            violation(address).filter(rule -> !excepted(rule, host, address)).ifPresent(rule -> {
                throw forbidden(rule, host.name() + " resolves to a " + rule.description() + ", which is not allowed.");
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

    static Optional<Rule> violation(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of(Rule.LOOPBACK);
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of(Rule.UNSPECIFIED);
        }
        InetAddress judged = embeddedIpv4(address).orElse(address);
        if (judged.isLoopbackAddress()) {
            return Optional.of(Rule.LOOPBACK);
        }
        if (judged.isAnyLocalAddress()) {
            return Optional.of(Rule.UNSPECIFIED);
        }
        if (judged.isLinkLocalAddress()) {
            return Optional.of(Rule.LINK_LOCAL);
        }
        if (judged.isSiteLocalAddress()) {
            return Optional.of(Rule.PRIVATE);
        }
        if (judged.isMulticastAddress()) {
            return Optional.of(Rule.MULTICAST);
        }
        return BLOCKED.stream().filter(blocked -> blocked.range().contains(judged)).map(Blocked::rule).findFirst();
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int offset;
        if (IPV4_MAPPED.contains(address) || IPV4_COMPATIBLE.contains(address) || NAT64.contains(address)) {
            offset = 12;
        } else if (SIX_TO_FOUR.contains(address)) {
            offset = 2;
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4)));
        } catch (UnknownHostException impossibleForFourBytes) {
            return Optional.empty();
        }
    }

    /** ::ffff:0:0/96, built from bytes: InetAddress turns the literal into an IPv4 address. */
    static OutboundRange ipv4MappedBlock() {
        byte[] prefix = new byte[16];
        prefix[10] = (byte) 0xff;
        prefix[11] = (byte) 0xff;
        try {
            return new OutboundRange(Inet6Address.getByAddress(null, prefix, -1), 96);
        } catch (UnknownHostException impossibleForSixteenBytes) {
            throw new IllegalStateException(impossibleForSixteenBytes);
        }
    }

    static boolean isRange(String entry) {
        return entry.contains("/") || new UrlHost(entry).literal().isPresent();
    }

    static UrlForbiddenException forbidden(Rule rule, String message) {
        return new UrlForbiddenException(rule, message);
    }
}
