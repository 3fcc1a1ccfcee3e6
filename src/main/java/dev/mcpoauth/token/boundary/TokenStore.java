package dev.mcpoauth.token.boundary;

import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Token sets in the database, sealed on the way in by the entity; each call its own transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class TokenStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    SecretSealer sealer;

    /**
     * The tokens of a completed authorization: they replace whatever the connection held.
     *
     * @param dpop the key the token request's proof was signed with (RFC 9449), or null
     */
    public void save(String connectionId, String issuer, TokenResponse tokens, DpopKey dpop, String scopes,
            Instant now, Instant expiresAt) {
        TokenSet existing = em.find(TokenSet.class, connectionId);
        TokenSet saved = existing != null ? existing : new TokenSet(connectionId, issuer, sealer, tokens.accessToken(),
                tokens.refreshToken(), tokens.tokenType(), scopes, now, expiresAt);
        if (existing != null) {
            existing.replace(issuer, sealer, tokens.accessToken(), tokens.refreshToken(), tokens.tokenType(),
                    scopes, now, expiresAt);
        }
        saved.bindTo(sealer, dpop);
        if (existing == null) {
            em.persist(saved);
        }
    }

    /** A connection and the tokens it holds (none before its first grant). */
    public record Held(Connection connection, Optional<TokenSet> tokens) {}

    /** A connection, its server and its tokens in one statement: the hot paths read them together. */
    static final String HELD = "SELECT c, t FROM Connection c JOIN FETCH c.server"
            + " LEFT JOIN TokenSet t ON t.connectionId = c.id";

    public Optional<Held> held(String connectionId) {
        return em.createQuery(HELD + " WHERE c.id = :id", Object[].class)
                .setParameter("id", connectionId)
                .getResultStream()
                .findFirst()
                .map(TokenStore::held);
    }

    /** The person's own connections with their tokens, oldest first, in one statement. */
    public List<Held> heldBy(String user) {
        return em.createQuery(HELD + " WHERE c.ownerUser = :user ORDER BY c.createdAt", Object[].class)
                .setParameter("user", user)
                .getResultStream()
                .map(TokenStore::held)
                .toList();
    }

    static Held held(Object[] row) {
        return new Held((Connection) row[0], Optional.ofNullable((TokenSet) row[1]));
    }

    public Optional<TokenSet> find(String connectionId) {
        return Optional.ofNullable(em.find(TokenSet.class, connectionId));
    }

    public boolean delete(String connectionId) {
        TokenSet tokens = em.find(TokenSet.class, connectionId);
        if (tokens != null) {
            em.remove(tokens);
        }
        return tokens != null;
    }
}
