package dev.mcpoauth.outbound.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class OutboundRangeTest {

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void containsAddressesUnderItsPrefixOnly() throws Exception {
        OutboundRange range = OutboundRange.parse("172.16.0.0/12");

        assertThat(range.contains(ip("172.16.0.1"))).isTrue();
        assertThat(range.contains(ip("172.31.255.255"))).isTrue();
        assertThat(range.contains(ip("172.32.0.0"))).isFalse();
        assertThat(range.contains(ip("172.15.255.255"))).isFalse();
    }

    @Test
    void neverMatchesAcrossAddressFamilies() throws Exception {
        assertThat(OutboundRange.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(OutboundRange.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void readsIpv6BlocksAndSingleAddresses() throws Exception {
        assertThat(OutboundRange.parse("fc00::/7").contains(ip("fdff::1"))).isTrue();
        assertThat(OutboundRange.parse("fc00::/7").contains(ip("fe00::1"))).isFalse();
        assertThat(OutboundRange.parse("10.1.2.3").contains(ip("10.1.2.3"))).isTrue();
        assertThat(OutboundRange.parse("10.1.2.3").contains(ip("10.1.2.4"))).isFalse();
    }

    @Test
    void rejectsHostNamesAndBadPrefixes() {
        assertThatThrownBy(() -> OutboundRange.parse("example.com/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundRange.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundRange.parse("/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundRange.parse("::/129")).isInstanceOf(IllegalArgumentException.class);
    }
}
