package dev.mcpoauth.outbound.entity;

import dev.mcpoauth.outbound.entity.UrlForbiddenException.Rule;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A resolved address judged for outbound use: the InetAddress predicates first, then explicit
 * blocks (IANA special-purpose registries, RFC 6890), with IPv4 carried inside IPv6 judged as IPv4.
 */
public record OutboundAddress(InetAddress address) {

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

    public Optional<Rule> violation() {
        if (address.isLoopbackAddress()) {
            return Optional.of(Rule.LOOPBACK);
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of(Rule.UNSPECIFIED);
        }
        InetAddress judged = embeddedIpv4().orElse(address);
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
    public Optional<InetAddress> embeddedIpv4() {
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
}
