package dev.mcpoauth.outbound.entity;

import java.net.InetAddress;

/** A CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a block of one. */
public record OutboundRange(InetAddress network, int prefixLength) {

    public OutboundRange {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be between 0 and " + bits);
        }
    }

    /** @throws IllegalArgumentException when the text is not an IP literal with an optional prefix length */
    public static OutboundRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("not an IP address range: " + cidr);
        }
        InetAddress network = new UrlHost(address).literal()
                .orElseThrow(() -> new IllegalArgumentException("not an IP address range: " + cidr));
        int bits = network.getAddress().length * 8;
        try {
            return new OutboundRange(network, slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address range: " + cidr, e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] prefix = network.getAddress();
        if (candidate.length != prefix.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != prefix[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remainingBits) & 0xFF;
        return (candidate[fullBytes] & mask) == (prefix[fullBytes] & mask);
    }
}
