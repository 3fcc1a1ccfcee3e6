package dev.mcpoauth.outbound.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.outbound.entity.OutboundTarget;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.outbound.entity.UrlForbiddenException.Rule;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

    static final String PUBLIC = "93.184.215.14";

    final List<String> lookups = new ArrayList<>();

    /** Answers from a table; never touches DNS, and nothing here ever connects. */
    UrlGuard.Resolver resolver(Map<String, List<InetAddress>> table) {
        return host -> {
            lookups.add(host);
            List<InetAddress> addresses = table.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            return addresses.toArray(InetAddress[]::new);
        };
    }

    UrlGuard guard(String host, InetAddress... addresses) {
        return new UrlGuard(false, List.of(), resolver(Map.of(host, List.of(addresses))));
    }

    static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // a literal is parsed, not looked up
    }

    /** An IPv6 address exactly as given, even when it embeds IPv4 (InetAddress.getByName would unwrap it). */
    static InetAddress ipv6(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName("[" + literal + "]").getAddress();
        return Inet6Address.getByAddress(null, bytes.length == 16 ? bytes : mapped(bytes), -1);
    }

    static byte[] mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }

    static Rule refusal(UrlGuard guard, String url) {
        return catchThrowableOfType(UrlForbiddenException.class, () -> guard.check(URI.create(url))).rule();
    }

    @Test
    void acceptsHttpsToAPublicAddressAndReturnsTheVettedAddresses() throws Exception {
        OutboundTarget target = guard("as.example.com", ip(PUBLIC)).check(URI.create("https://as.example.com/token"));

        assertThat(target.addresses()).containsExactly(ip(PUBLIC));
        assertThat(target.url()).hasToString("https://as.example.com/token");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.5, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.254, PRIVATE",
        "192.168.1.1, PRIVATE",
        "169.254.169.254, LINK_LOCAL",
        "169.254.0.1, LINK_LOCAL",
        "100.64.0.1, SHARED",
        "100.127.255.254, SHARED",
        "127.0.0.1, LOOPBACK",
        "127.1.2.3, LOOPBACK",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "224.0.0.251, MULTICAST",
        "255.255.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "198.18.0.1, RESERVED",
        "192.0.2.10, RESERVED",
        "::1, LOOPBACK",
        "::, UNSPECIFIED",
        "fd00::1, PRIVATE",
        "fc00::1, PRIVATE",
        "fd00:ec2::254, PRIVATE",
        "fe80::1, LINK_LOCAL",
        "ff02::1, MULTICAST",
        "2001:db8::1, RESERVED",
    })
    void refusesHostsResolvingToNonPublicAddresses(String address, Rule rule) throws Exception {
        assertThat(refusal(guard("evil.example", ip(address)), "https://evil.example/.well-known/x")).isEqualTo(rule);
    }

    @ParameterizedTest
    @CsvSource({
        "::ffff:10.0.0.1, PRIVATE",
        "::ffff:169.254.169.254, LINK_LOCAL",
        "::ffff:127.0.0.1, LOOPBACK",
        "::ffff:100.64.0.1, SHARED",
        "::10.0.0.1, PRIVATE",
        "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "2002:c0a8:101::1, PRIVATE",
    })
    void judgesIpv6AddressesThatCarryIpv4ByTheEmbeddedAddress(String address, Rule rule) throws Exception {
        InetAddress v6 = ipv6(address);
        assertThat(v6).isInstanceOf(Inet6Address.class);

        assertThat(refusal(guard("evil.example", v6), "https://evil.example/")).isEqualTo(rule);
    }

    @Test
    void acceptsIpv6MappedPublicAddress() throws Exception {
        assertThat(guard("v6.example", ipv6("::ffff:" + PUBLIC)).check(URI.create("https://v6.example/")).addresses())
                .hasSize(1);
    }

    @Test
    void refusesWhenAnyOfSeveralResolvedAddressesIsPrivate() throws Exception {
        UrlGuard guard = guard("rebind.example", ip(PUBLIC), ip("10.0.0.5"));

        assertThat(refusal(guard, "https://rebind.example/")).isEqualTo(Rule.PRIVATE);
    }

    @Test
    void refusesLiteralLoopbackAndMetadataAddressesWithTheDefaultResolver() {
        UrlGuard guard = new UrlGuard(false, List.of(), InetAddress::getAllByName);

        assertThat(refusal(guard, "https://127.0.0.1/")).isEqualTo(Rule.LOOPBACK);
        assertThat(refusal(guard, "https://[::1]:8443/")).isEqualTo(Rule.LOOPBACK);
        assertThat(refusal(guard, "https://169.254.169.254/latest/meta-data/")).isEqualTo(Rule.LINK_LOCAL);
        assertThat(refusal(guard, "https://[::ffff:a9fe:a9fe]/")).isEqualTo(Rule.LINK_LOCAL);
    }

    @Test
    void refusesPlainHttpToAPublicHostBeforeResolvingIt() throws Exception {
        UrlGuard guard = guard("as.example.com", ip(PUBLIC));

        assertThat(refusal(guard, "http://as.example.com/token")).isEqualTo(Rule.SCHEME);
        assertThat(lookups).isEmpty();
    }

    @Test
    void refusesPlainHttpToAPublicHostEvenWhenLoopbackHttpIsAllowed() throws Exception {
        UrlGuard guard = new UrlGuard(true, List.of(), resolver(Map.of("as.example.com", List.of(ip(PUBLIC)))));

        assertThat(refusal(guard, "http://as.example.com/token")).isEqualTo(Rule.SCHEME);
    }

    @Test
    void allowsHttpAndHttpsToLoopbackOnlyWithTheLoopbackFlag() throws Exception {
        Map<String, List<InetAddress>> table = Map.of("localhost", List.of(ip("127.0.0.1"), ip("::1")));

        assertThat(new UrlGuard(true, List.of(), resolver(table)).check(URI.create("http://localhost:8080/mcp"))
                .addresses()).hasSize(2);
        assertThat(new UrlGuard(true, List.of(), resolver(table)).check(URI.create("https://localhost/mcp"))
                .addresses()).hasSize(2);
        assertThat(refusal(new UrlGuard(false, List.of(), resolver(table)), "https://localhost/mcp"))
                .isEqualTo(Rule.LOOPBACK);
    }

    @Test
    void refusalsNameTheSettingThatWouldAllowThem() throws Exception {
        Map<String, List<InetAddress>> table = Map.of("localhost", List.of(ip("127.0.0.1")),
                "internal.example", List.of(ip("10.1.2.3")));
        UrlGuard guard = new UrlGuard(false, List.of(), resolver(table));

        assertThat(message(guard, "http://localhost:8080/mcp"))
                .contains("mcpoauth.security.outbound.allow-loopback-http=true");
        assertThat(message(guard, "https://localhost/mcp"))
                .contains("mcpoauth.security.outbound.allow-loopback-http=true");
        assertThat(message(guard, "https://internal.example/mcp"))
                .contains("mcpoauth.security.outbound.allowed-hosts");
        assertThat(message(guard("metadata.example", ip("169.254.169.254")), "https://metadata.example/"))
                .doesNotContain("mcpoauth.");
    }

    static String message(UrlGuard guard, String url) {
        return catchThrowableOfType(UrlForbiddenException.class, () -> guard.check(URI.create(url))).getMessage();
    }

    @Test
    void refusesUserInformationWithoutRepeatingIt() throws Exception {
        UrlForbiddenException refused = catchThrowableOfType(UrlForbiddenException.class,
                () -> guard("as.example.com", ip(PUBLIC)).check(URI.create("https://admin:hunter2@as.example.com/")));

        assertThat(refused.rule()).isEqualTo(Rule.USERINFO);
        assertThat(refused.getMessage()).doesNotContain("hunter2").doesNotContain("admin");
        assertThat(lookups).isEmpty();
    }

    @Test
    void namesHostAndRuleButNeverPathOrQuery() throws Exception {
        UrlForbiddenException refused = catchThrowableOfType(UrlForbiddenException.class,
                () -> guard("internal.example", ip("10.1.2.3"))
                        .check(URI.create("https://internal.example/secret-path?token=s3cr3t")));

        assertThat(refused.getMessage()).contains("internal.example").contains("private")
                .doesNotContain("s3cr3t").doesNotContain("secret-path").doesNotContain("10.1.2.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://as.example.com/", "gopher://as.example.com/",
        "javascript:alert(1)", "data:application/json,%7B%7D", "jar:https://as.example.com/x!/y"})
    void refusesSchemesOtherThanHttps(String url) throws Exception {
        assertThat(refusal(guard("as.example.com", ip(PUBLIC)), url)).isIn(Rule.SCHEME, Rule.NOT_ABSOLUTE);
    }

    @Test
    void refusesRelativeUrlsAndUrlsWithoutHost() throws Exception {
        UrlGuard guard = guard("as.example.com", ip(PUBLIC));

        assertThat(refusal(guard, "/token")).isEqualTo(Rule.NOT_ABSOLUTE);
        assertThat(refusal(guard, "https:///token")).isEqualTo(Rule.NO_HOST);
        assertThat(refusal(guard, "https://under_score.example/")).isEqualTo(Rule.NO_HOST);
    }

    @Test
    void refusesTextThatIsNotAUrl() throws Exception {
        UrlGuard guard = guard("as.example.com", ip(PUBLIC));

        assertThat(catchThrowableOfType(UrlForbiddenException.class, () -> guard.check("https://as example.com/")).rule())
                .isEqualTo(Rule.NOT_ABSOLUTE);
        assertThat(catchThrowableOfType(UrlForbiddenException.class, () -> guard.check((String) null)).rule())
                .isEqualTo(Rule.NOT_ABSOLUTE);
        assertThat(guard.check("https://as.example.com/").addresses()).hasSize(1);
    }

    @Test
    void refusesHostsThatDoNotResolve() {
        assertThat(refusal(new UrlGuard(false, List.of(), resolver(Map.of())), "https://nowhere.example/"))
                .isEqualTo(Rule.UNRESOLVABLE);
    }

    @Test
    void allowListedHostMayResolveToAPrivateAddress() throws Exception {
        UrlGuard guard = new UrlGuard(false, List.of(" idp.corp.example ", "other.example"),
                resolver(Map.of("IDP.corp.example", List.of(ip("10.20.30.40")))));

        assertThat(guard.check(URI.create("https://IDP.corp.example/realms/x")).addresses()).hasSize(1);
    }

    @Test
    void allowListedRangePermitsItsAddressesOnly() throws Exception {
        UrlGuard guard = new UrlGuard(false, List.of("10.20.0.0/16", "fd12::/16"), resolver(Map.of(
                "inside.example", List.of(ip("10.20.30.40"), ip("fd12::7")),
                "outside.example", List.of(ip("10.21.0.1")))));

        assertThat(guard.check(URI.create("https://inside.example/")).addresses()).hasSize(2);
        assertThat(refusal(guard, "https://outside.example/")).isEqualTo(Rule.PRIVATE);
    }

    @Test
    void allowListNeverPermitsLoopbackOrTheUnspecifiedAddress() throws Exception {
        UrlGuard guard = new UrlGuard(false, List.of("localhost", "127.0.0.0/8", "0.0.0.0/0"), resolver(Map.of(
                "localhost", List.of(ip("127.0.0.1")),
                "zero.example", List.of(ip("0.0.0.0")))));

        assertThat(refusal(guard, "https://localhost/")).isEqualTo(Rule.LOOPBACK);
        assertThat(refusal(guard, "https://zero.example/")).isEqualTo(Rule.UNSPECIFIED);
    }

    @Test
    void configuredAllowListIsACommaSeparatedList() throws Exception {
        UrlGuard guard = new UrlGuard(false, java.util.Optional.of("a.example, 192.168.0.0/16"));

        assertThat(guard.allowedHostNames).containsExactly("a.example");
        assertThat(guard.allowedRanges).hasSize(1);
        assertThat(guard.allowsLoopbackHttp()).isFalse();
    }

    @Test
    void rejectsAMalformedAllowListEntryAtStartup() {
        assertThatThrownBy(() -> new UrlGuard(false, List.of("10.0.0.0/33"), host -> new InetAddress[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UrlGuard(false, List.of("corp.example/8"), host -> new InetAddress[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
