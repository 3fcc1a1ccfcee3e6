package dev.mcpoauth.oauth.control;

import dev.mcpoauth.oauth.entity.BearerChallenge;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code WWW-Authenticate} values (RFC 9110 §11.6.1 grammar, RFC 7235 §4.1):
 * <pre>
 * challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param = token BWS "=" BWS ( token / quoted-string )
 * </pre>
 * (bare values are read leniently, see {@link #bareValue()}).
 * Commas separate both parameters and challenges, so a token followed by {@code =} continues the
 * current challenge and any other token starts the next one. A malformed value yields no
 * challenges at all rather than a guessed half: parameters such as {@code resource_metadata}
 * steer where the broker connects next.
 */
public final class ChallengeParser {

    static final System.Logger LOGGER = System.getLogger(ChallengeParser.class.getName());
    static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
    static final String TOKEN68_SYMBOLS = "-._~+/";

    /** One challenge of any scheme; {@code token68} and {@code params} are mutually exclusive. */
    record Challenge(String scheme, String token68, Map<String, String> params) {
        /**
         * Bearer (RFC 6750 §3) or DPoP (RFC 9449 §7.1): the same parameters ({@code error},
         * {@code scope}, RFC 9728 {@code resource_metadata}), so step-up and discovery read both.
         */
        boolean isOAuth() {
            String lower = scheme.toLowerCase(Locale.ROOT);
            return "bearer".equals(lower) || "dpop".equals(lower);
        }
    }

    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    final String value;
    int pos;

    ChallengeParser(String value) {
        this.value = value;
    }

    /** The Bearer and DPoP challenges in all values of the header, in order; never throws. */
    public static List<BearerChallenge> bearerChallenges(List<String> headerValues) {
        return headerValues.stream()
                .flatMap(headerValue -> parse(headerValue).stream())
                .filter(Challenge::isOAuth)
                .map(challenge -> new BearerChallenge(challenge.scheme(), challenge.params()))
                .toList();
    }

    /** The first Bearer or DPoP challenge, if any well-formed one is present. */
    public static Optional<BearerChallenge> bearerChallenge(List<String> headerValues) {
        return bearerChallenges(headerValues).stream().findFirst();
    }

    /** Whether a DPoP challenge asks for a nonce (RFC 9449 §9: {@code error="use_dpop_nonce"}). */
    public static boolean asksForDpopNonce(List<String> headerValues) {
        return bearerChallenges(headerValues).stream().anyMatch(BearerChallenge::isUseDpopNonce);
    }

    /**
     * Whether any value breaks the grammar: such a value yields no challenge, and the caller
     * must not read the silence as "no challenge was sent".
     */
    public static boolean anyMalformed(List<String> headerValues) {
        return headerValues.stream().anyMatch(ChallengeParser::isMalformed);
    }

    static boolean isMalformed(String headerValue) {
        if (headerValue == null) {
            return false;
        }
        try {
            new ChallengeParser(headerValue).challenges();
            return false;
        } catch (Malformed e) {
            return true;
        }
    }

    /** Every challenge in one header value; empty when the value is missing or malformed. */
    static List<Challenge> parse(String headerValue) {
        if (headerValue == null) {
            return List.of();
        }
        try {
            return new ChallengeParser(headerValue).challenges();
        } catch (Malformed e) {
            LOGGER.log(Level.DEBUG, "Ignoring a malformed WWW-Authenticate value: {0}", e.getMessage());
            return List.of();
        }
    }

    List<Challenge> challenges() {
        List<Challenge> challenges = new ArrayList<>();
        skipSeparators();
        while (!atEnd()) {
            challenges.add(challenge());
            skipWhitespace();
            if (!atEnd()) {
                expect(',');
            }
            skipSeparators();
        }
        return challenges;
    }

    Challenge challenge() {
        String scheme = token();
        if (scheme == null) {
            throw new Malformed("expected an auth-scheme at " + pos);
        }
        int afterScheme = pos;
        skipWhitespace();
        if (atEnd() || peek() == ',') {
            return new Challenge(scheme, null, Map.of());
        }
        if (pos == afterScheme) {
            throw new Malformed("expected a space after the auth-scheme at " + pos);
        }
        if (paramFollows()) {
            return new Challenge(scheme, null, params());
        }
        return new Challenge(scheme, token68(), Map.of());
    }

    Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = token().toLowerCase(Locale.ROOT);
            skipWhitespace();
            expect('=');
            skipWhitespace();
            String paramValue = !atEnd() && peek() == '"' ? quotedString() : bareValue();
            if (paramValue == null) {
                throw new Malformed("expected a token or quoted-string at " + pos);
            }
            // RFC 9110 §11.2: each parameter name must occur only once per challenge
            if (params.put(name, paramValue) != null) {
                throw new Malformed("parameter " + name + " occurs twice");
            }
            skipWhitespace();
            if (atEnd()) {
                return params;
            }
            if (peek() != ',') {
                throw new Malformed("expected a comma at " + pos);
            }
            int comma = pos;
            skipSeparators();
            if (atEnd() || !paramFollows()) {
                pos = comma;
                return params;
            }
        }
    }

    /** Looks ahead for {@code token BWS "=" BWS} followed by a value (a second "=" means token68). */
    boolean paramFollows() {
        int start = pos;
        try {
            if (token() == null) {
                return false;
            }
            skipWhitespace();
            if (atEnd() || peek() != '=') {
                return false;
            }
            pos++;
            skipWhitespace();
            return !atEnd() && peek() != '=' && peek() != ',';
        } finally {
            pos = start;
        }
    }

    String token68() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(ascii(peek())) || TOKEN68_SYMBOLS.indexOf(peek()) >= 0)) {
            pos++;
        }
        if (pos == start) {
            throw new Malformed("expected token68 or auth-params at " + pos);
        }
        while (!atEnd() && peek() == '=') {
            pos++;
        }
        return value.substring(start, pos);
    }

    String token() {
        int start = pos;
        while (!atEnd() && isTchar(peek())) {
            pos++;
        }
        return pos == start ? null : value.substring(start, pos);
    }

    /**
     * An unquoted value. RFC 9110 allows only a token, but servers send unquoted URLs and scopes
     * such as {@code files:read}; any visible characters up to a comma or space are accepted.
     */
    String bareValue() {
        int start = pos;
        while (!atEnd() && isBareValueChar(peek())) {
            pos++;
        }
        return pos == start ? null : value.substring(start, pos);
    }

    String quotedString() {
        expect('"');
        StringBuilder text = new StringBuilder();
        while (!atEnd()) {
            char c = value.charAt(pos++);
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\') {
                if (atEnd() || !isQuotable(peek())) {
                    throw new Malformed("bad quoted-pair at " + pos);
                }
                text.append(value.charAt(pos++));
            } else if (isQuotable(c)) {
                text.append(c);
            } else {
                throw new Malformed("control character in quoted-string at " + pos);
            }
        }
        throw new Malformed("unterminated quoted-string");
    }

    void skipSeparators() {
        while (!atEnd() && (peek() == ',' || isWhitespace(peek()))) {
            pos++;
        }
    }

    void skipWhitespace() {
        while (!atEnd() && isWhitespace(peek())) {
            pos++;
        }
    }

    void expect(char expected) {
        if (atEnd() || peek() != expected) {
            throw new Malformed("expected '" + expected + "' at " + pos);
        }
        pos++;
    }

    boolean atEnd() {
        return pos >= value.length();
    }

    char peek() {
        return value.charAt(pos);
    }

    static boolean isTchar(char c) {
        return Character.isLetterOrDigit(ascii(c)) || TCHAR_SYMBOLS.indexOf(c) >= 0;
    }

    /** HTAB / SP / VCHAR / obs-text: what may appear in a quoted-string (RFC 9110 §5.6.4). */
    static boolean isQuotable(char c) {
        return c == '\t' || c == ' ' || (c >= 0x21 && c != 0x7F);
    }

    static boolean isBareValueChar(char c) {
        return c > 0x20 && c < 0x7F && c != ',' && c != '"' && c != '\\';
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Maps non-ASCII to a non-letter so that Character.isLetterOrDigit accepts ASCII only. */
    static char ascii(char c) {
        return c < 0x80 ? c : '\0';
    }
}
