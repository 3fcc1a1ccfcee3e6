package dev.mcpoauth.dpop.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The latest {@code DPoP-Nonce} each server sent (RFC 9449 §8.2: a server may send a new one with
 * any response; §9 the same for resource servers), keyed by the token endpoint or the MCP URL,
 * in memory and bounded: a forgotten nonce costs one more {@code use_dpop_nonce} round trip.
 */
@ApplicationScoped
public class DpopNonces {

    public static final String HEADER = "DPoP-Nonce";
    static final int MAX_SERVERS = 1000;
    static final int MAX_NONCE_LENGTH = 512;
    // RFC 9449 §8.1: nonce = 1*NQCHAR; NQCHAR = %x21 / %x23-5B / %x5D-7E
    static final Pattern NONCE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    final Map<String, String> latest = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SERVERS;
        }
    };

    public synchronized Optional<String> latest(String server) {
        return Optional.ofNullable(latest.get(server));
    }

    /** Keeps the nonce of a response, if it carries a well-formed one. */
    public void rememberFrom(String server, HttpHeaders headers) {
        nonceOf(headers).ifPresent(nonce -> remember(server, nonce));
    }

    public synchronized void remember(String server, String nonce) {
        if (isWellFormed(nonce)) {
            latest.put(server, nonce);
        }
    }

    public static Optional<String> nonceOf(HttpHeaders headers) {
        return headers.firstValue(HEADER).map(String::strip).filter(DpopNonces::isWellFormed);
    }

    static boolean isWellFormed(String nonce) {
        return nonce != null && nonce.length() <= MAX_NONCE_LENGTH && NONCE.matcher(nonce).matches();
    }
}
