package dev.mcpoauth.outbound.entity;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A URL that passed the outbound policy, with the addresses that were vetted. Connections go to
 * the first of them, the one the JDK would have picked, through {@link #pinnedUrl()}: the HTTP
 * client then has no name left to resolve, so a second DNS answer cannot move it elsewhere.
 */
public record OutboundTarget(URI url, List<InetAddress> addresses) {

    public OutboundTarget {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a vetted target needs at least one address");
        }
    }

    public InetAddress pinnedAddress() {
        return addresses.get(0);
    }

    /** Whether the URL names its host by DNS name (not by IP literal), so that pinning changes it. */
    public boolean named() {
        return UrlHost.of(url).flatMap(UrlHost::literal).isEmpty();
    }

    /** The URL with the vetted address as its host; the fragment is dropped (HTTP never sends it). */
    public URI pinnedUrl() {
        if (!named()) {
            return url;
        }
        String address = pinnedAddress().getHostAddress().replace("%", "%25");
        StringBuilder pinned = new StringBuilder(url.getScheme()).append("://")
                .append(pinnedAddress() instanceof Inet6Address ? "[" + address + "]" : address);
        if (url.getPort() >= 0) {
            pinned.append(':').append(url.getPort());
        }
        pinned.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            pinned.append('?').append(url.getRawQuery());
        }
        return URI.create(pinned.toString());
    }

    /** The Host header (RFC 9110 §7.2): host and port as the URL gave them. */
    public String authority() {
        return url.getRawAuthority();
    }

    /**
     * The name TLS must ask for (SNI, RFC 6066 §3) and the certificate must carry: the URL's
     * host name for https, none for an IP literal or plain http.
     */
    public Optional<String> serverName() {
        if (!named() || !"https".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return UrlHost.of(url).map(UrlHost::normalized);
    }
}
