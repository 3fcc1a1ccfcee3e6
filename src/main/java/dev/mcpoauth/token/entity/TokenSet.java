package dev.mcpoauth.token.entity;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.SealedColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The sealed tokens of one connection. The row doubles as the refresh lock: a refresh takes a
 * pessimistic write lock on it, so one refresh runs per connection across every node.
 *
 * <p>A token is due for refresh when its remaining lifetime drops below the smaller of the
 * refresh window and half its own lifetime: a token that lives no longer than the window would
 * otherwise be due the moment it is issued (300 s tokens are common: Keycloak, Spring
 * Authorization Server). {@code halfLifeAt} stores the half-way point, so the refresh sweep
 * selects exactly the due rows with two indexed conditions and the rule stays independent of
 * the configured window.
 */
@Entity
@Table(name = "token_set")
@NamedQuery(name = TokenSet.DUE_FOR_REFRESH,
        query = "SELECT t.connectionId, t.expiresAt FROM TokenSet t WHERE t.halfLifeAt <= :now"
                + " AND t.expiresAt <= :horizon AND (t.refreshTokenSealed IS NOT NULL OR t.renewedByGrant = true)"
                + " AND (t.expiresAt > :afterExpiry OR (t.expiresAt = :afterExpiry AND t.connectionId > :afterId))"
                + " ORDER BY t.expiresAt, t.connectionId")
@NamedQuery(name = TokenSet.EXPIRING_UNWARNED,
        query = "SELECT t.connectionId FROM TokenSet t WHERE t.expiresAt < :horizon"
                + " AND t.refreshTokenSealed IS NULL AND t.renewedByGrant = false AND t.expiryWarned = false"
                + " ORDER BY t.expiresAt")
public class TokenSet {

    public static final String DUE_FOR_REFRESH = "TokenSet.dueForRefresh";
    public static final String EXPIRING_UNWARNED = "TokenSet.expiringUnwarned";

    static final SealedColumn ACCESS_TOKEN = new SealedColumn("token_set.access_token");
    static final SealedColumn REFRESH_TOKEN = new SealedColumn("token_set.refresh_token");
    static final SealedColumn DPOP_KEY = new SealedColumn("token_set.dpop_key");

    /** What a caller does with the stored tokens at a given instant (Spring Security's decision chain). */
    public enum Next {
        /** Valid beyond the refresh window, or valid and impossible to refresh: send it. */
        USE,
        /** Due for refresh and refreshable. */
        REFRESH,
        /** Expired with no refresh token: only a new sign-in helps. */
        REAUTHORIZE
    }

    @Id
    @Column(name = "connection_id")
    String connectionId;

    @Lob
    @Column(name = "access_token_sealed")
    private String accessTokenSealed;

    @Lob
    @Column(name = "refresh_token_sealed")
    private String refreshTokenSealed;

    @Column(name = "token_type")
    String tokenType;

    /** The connection's DPoP key (RFC 9449), private half included; null for bearer tokens. */
    @Lob
    @Column(name = "dpop_key_sealed")
    private String dpopKeySealed;

    @Lob
    String scopes;

    String issuer;

    @Column(name = "issued_at")
    Instant issuedAt;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "refreshed_at")
    Instant refreshedAt;

    @Column(name = "half_life_at")
    Instant halfLifeAt;

    @Column(name = "expiry_warned")
    boolean expiryWarned;

    @Column(name = "renewed_by_grant")
    boolean renewedByGrant;

    @Version
    long version;

    protected TokenSet() {}

    /** The tokens arrive in the clear and are sealed for this row's columns. */
    public TokenSet(String connectionId, String issuer, SecretSealer sealer, String accessToken,
            String refreshTokenOrNull, String tokenType, String scopes, Instant now, Instant expiresAt) {
        this.connectionId = connectionId;
        replace(issuer, sealer, accessToken, refreshTokenOrNull, tokenType, scopes, now, expiresAt);
    }

    /** A new grant (a completed authorization) replaces everything the row held. */
    public void replace(String issuer, SecretSealer sealer, String accessToken, String refreshTokenOrNull,
            String tokenType, String scopes, Instant now, Instant expiresAt) {
        this.issuer = issuer;
        this.accessTokenSealed = ACCESS_TOKEN.seal(sealer, connectionId, accessToken);
        this.refreshTokenSealed = REFRESH_TOKEN.seal(sealer, connectionId, refreshTokenOrNull);
        this.tokenType = tokenType;
        this.scopes = scopes;
        this.issuedAt = now;
        this.expiresAt = expiresAt;
        this.halfLifeAt = halfWay(now, expiresAt);
        this.refreshedAt = null;
        this.expiryWarned = false;
    }

    /** Keeps the old refresh token only when the authorization server returned none (RFC 6749 §6). */
    public void refreshed(SecretSealer sealer, String accessToken, String refreshTokenOrNull, String scopes,
            Instant now, Instant expiresAt) {
        this.accessTokenSealed = ACCESS_TOKEN.seal(sealer, connectionId, accessToken);
        if (refreshTokenOrNull != null) {
            this.refreshTokenSealed = REFRESH_TOKEN.seal(sealer, connectionId, refreshTokenOrNull);
        }
        if (scopes != null) {
            this.scopes = scopes;
        }
        this.refreshedAt = now;
        this.expiresAt = expiresAt;
        this.halfLifeAt = halfWay(now, expiresAt);
    }

    /**
     * The key the grant's tokens are bound to (RFC 9449 §5), or null for none: set with every new
     * grant; a refresh keeps it, as the refresh token of a public client is bound to it.
     */
    public void bindTo(SecretSealer sealer, DpopKey keyOrNull) {
        this.dpopKeySealed = DPOP_KEY.seal(sealer, connectionId, keyOrNull == null ? null : keyOrNull.stored());
    }

    /** A refresh may answer another token type than the grant did (a bound refresh, a bearer access token). */
    public void retyped(String tokenType) {
        this.tokenType = tokenType;
    }

    public Optional<DpopKey> dpopKey(SecretSealer sealer) {
        return Optional.ofNullable(DPOP_KEY.open(sealer, connectionId, dpopKeySealed)).map(DpopKey::fromStored);
    }

    /**
     * The one decision on stored tokens, taken before the row lock (to skip the lock when the token
     * is good) and again under it (another caller or node may have refreshed meanwhile).
     */
    public Next next(Instant now, Duration window) {
        if (!isExpiring(now, window)) {
            return Next.USE;
        }
        if (canRefresh()) {
            return Next.REFRESH;
        }
        return isExpired(now) ? Next.REAUTHORIZE : Next.USE;
    }

    /** Due for refresh: less than the window and less than half the token's own lifetime remain. */
    public boolean isExpiring(Instant now, Duration window) {
        boolean withinWindow = !now.plus(window).isBefore(expiresAt);
        // a row from before half_life_at was stored (changeset 012) is due by the window alone
        boolean pastHalfLife = halfLifeAt == null || !now.isBefore(halfLifeAt);
        return withinWindow && pastHalfLife;
    }

    static Instant halfWay(Instant issued, Instant expires) {
        Duration lifetime = Duration.between(issued, expires);
        return lifetime.isNegative() ? expires : issued.plus(lifetime.dividedBy(2));
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public void expiryWarned() {
        this.expiryWarned = true;
    }

    public boolean isExpiryWarned() {
        return expiryWarned;
    }

    /** When the current access token was issued: the grant, or its last refresh. */
    public Instant renewedAt() {
        return refreshedAt != null ? refreshedAt : issuedAt;
    }

    /** Someone (another caller, another node) renewed the token after the given instant. */
    public boolean isRenewedAfter(Instant instant) {
        return renewedAt().isAfter(instant);
    }

    /** Whether {@code accessToken} is the one stored now; compared in constant time. */
    public boolean holdsAccessToken(SecretSealer sealer, String accessToken) {
        return accessToken != null && MessageDigest.isEqual(accessToken(sealer).value().getBytes(UTF_8),
                accessToken.getBytes(UTF_8));
    }

    /** With a refresh token, or by asking for a new token with the same grant (a service connection's). */
    public boolean canRefresh() {
        return refreshTokenSealed != null || renewedByGrant;
    }

    /** The token came from a grant the broker can repeat on its own (client credentials, a workload's identity). */
    public void renewedByGrant(boolean repeatable) {
        this.renewedByGrant = repeatable;
    }

    /** What a person is told when the authorization server issued no refresh token. */
    public static String noRefreshTokenNotice(Instant expiresAt) {
        return "The authorization server issued no refresh token: this connection needs a new sign-in when its"
                + " access ends at " + expiresAt + ".";
    }

    public String connectionId() {
        return connectionId;
    }

    /** The access token in the clear, with what a caller needs to send it: its DPoP key when it is bound. */
    public AccessToken accessToken(SecretSealer sealer) {
        DpopKey dpop = TokenResponse.DPOP.equals(tokenType) ? dpopKey(sealer).orElse(null) : null;
        return new AccessToken(ACCESS_TOKEN.open(sealer, connectionId, accessTokenSealed), expiresAt, scopes, dpop);
    }

    public Optional<String> refreshToken(SecretSealer sealer) {
        return Optional.ofNullable(REFRESH_TOKEN.open(sealer, connectionId, refreshTokenSealed));
    }

    public String tokenType() {
        return tokenType;
    }

    public Optional<String> scopes() {
        return Optional.ofNullable(scopes);
    }

    public String issuer() {
        return issuer;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> halfLifeAt() {
        return Optional.ofNullable(halfLifeAt);
    }

    public Optional<Instant> refreshedAt() {
        return Optional.ofNullable(refreshedAt);
    }
}
