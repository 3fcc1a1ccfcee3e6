package dev.mcpoauth.token.entity;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.oauth.entity.JsonMembers;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A successful access token response (RFC 6749 §5.1). Bearer tokens (RFC 6750) and DPoP-bound
 * ones (RFC 9449 §5: {@code token_type} DPoP, sent with {@code Authorization: DPoP}); the token
 * type is normalised to {@link #BEARER} or {@link #DPOP}. {@code expiresIn} is
 * null when the server did not say. Unknown members (such as {@code id_token}) are dropped, and
 * there is no {@code raw}: the document carries the tokens, which are only ever stored sealed.
 * {@code toString} hides both tokens.
 */
public record TokenResponse(String accessToken, String tokenType, Long expiresIn, String refreshToken, String scope) {

    public static final String BEARER = "Bearer";
    public static final String DPOP = "DPoP";
    static final String DOCUMENT = "token response";
    static final long MAX_EXPIRES_IN = Duration.ofDays(365).toSeconds();
    // RFC 6749 Appendix A.12 and A.17 (VSCHAR); no space in an access token: it goes into a header
    static final Pattern ACCESS_TOKEN = Pattern.compile("[\\x21-\\x7E]+");
    static final Pattern REFRESH_TOKEN = Pattern.compile("[\\x20-\\x7E]+");
    static final Pattern DIGITS = Pattern.compile("[0-9]+");

    public TokenResponse {
        if (accessToken == null || !ACCESS_TOKEN.matcher(accessToken).matches()) {
            throw invalid("has no access_token of visible ASCII characters");
        }
        if (BEARER.equalsIgnoreCase(tokenType)) {
            tokenType = BEARER;
        } else if (DPOP.equalsIgnoreCase(tokenType)) {
            tokenType = DPOP;
        } else {
            throw invalid("has a token_type other than Bearer or DPoP; the broker uses no other kind of token");
        }
        if (expiresIn != null && expiresIn < 0) {
            throw invalid("has a negative expires_in");
        }
        if (expiresIn != null && expiresIn > MAX_EXPIRES_IN) {
            expiresIn = MAX_EXPIRES_IN;
        }
        if (refreshToken != null && !REFRESH_TOKEN.matcher(refreshToken).matches()) {
            throw invalid("has a refresh_token with characters outside visible ASCII");
        }
    }

    /**
     * @throws ProblemException BAD_UPSTREAM_DOCUMENT when a
     *     required member is missing or wrong; the message never carries a token
     */
    public static TokenResponse fromJSON(JsonObject json) {
        JsonMembers members = new JsonMembers(json, DOCUMENT);
        try {
            return new TokenResponse(members.requiredString("access_token"), members.requiredString("token_type"),
                    expiresIn(members), members.optionalString("refresh_token"), members.optionalString("scope"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, e.getMessage());
        }
    }

    /**
     * Seconds, capped at a year (a "forever" token is still refreshed now and then). A string of
     * digits is accepted because Microsoft Entra ID's v1 endpoint sends one.
     */
    static Long expiresIn(JsonMembers members) {
        JsonValue value = members.json().get("expires_in");
        BigDecimal seconds;
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        } else if (value instanceof JsonNumber number) {
            seconds = number.bigDecimalValue();
        } else if (value instanceof JsonString text && DIGITS.matcher(text.getString()).matches()) {
            seconds = new BigDecimal(text.getString());
        } else {
            throw members.bad("has an expires_in that is not a number of seconds");
        }
        if (seconds.stripTrailingZeros().scale() > 0) {
            throw members.bad("has an expires_in that is not a whole number of seconds");
        }
        // into long range; a negative value stays negative for the constructor to refuse
        return seconds.max(BigDecimal.valueOf(-1)).min(BigDecimal.valueOf(MAX_EXPIRES_IN)).longValueExact();
    }

    static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("The " + DOCUMENT + " " + problem + ".");
    }

    /** The wire form (RFC 6749 §5.1); it holds the tokens. */
    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonBuilders.object().add("access_token", accessToken).add("token_type", tokenType);
        if (expiresIn != null) {
            json.add("expires_in", expiresIn);
        }
        JsonMembers.put(json, "refresh_token", refreshToken);
        JsonMembers.put(json, "scope", scope);
        return json.build();
    }

    /** @param defaultLifetime assumed when the server did not send {@code expires_in} */
    public Instant expiresAt(Instant now, Duration defaultLifetime) {
        return now.plus(expiresIn == null ? defaultLifetime : Duration.ofSeconds(expiresIn));
    }

    /** RFC 9449 §5: the access token is bound to the key of the request's proof. */
    public boolean isDpopBound() {
        return DPOP.equals(tokenType);
    }

    public boolean hasRefreshToken() {
        return refreshToken != null;
    }

    @Override
    public String toString() {
        return "TokenResponse[accessToken=(hidden), tokenType=" + tokenType + ", expiresIn=" + expiresIn
                + ", refreshToken=" + (refreshToken == null ? "none" : "(hidden)") + ", scope=" + scope + "]";
    }
}
