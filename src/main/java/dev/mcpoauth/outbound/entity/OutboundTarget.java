package dev.mcpoauth.outbound.entity;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/** A URL that passed the outbound policy, with the addresses that were vetted (a caller may pin them). */
public record OutboundTarget(URI url, List<InetAddress> addresses) {

    public OutboundTarget {
        addresses = List.copyOf(addresses);
    }
}
