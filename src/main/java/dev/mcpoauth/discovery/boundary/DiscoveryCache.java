package dev.mcpoauth.discovery.boundary;

import dev.mcpoauth.discovery.entity.CachedMetadata;
import dev.mcpoauth.discovery.entity.CachedMetadata.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Discovery documents in the database, shared by every node. Each write is its own short
 * transaction, so no transaction is ever held open across a network fetch.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class DiscoveryCache {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    public Optional<CachedMetadata> fresh(Kind kind, String location, Instant now) {
        return find(kind, location).filter(document -> document.isFresh(now));
    }

    /** The document last stored, fresh or not. */
    public Optional<CachedMetadata> latest(Kind kind, String location) {
        return find(kind, location);
    }

    public void store(Kind kind, String location, String sourceUrl, String document, Instant now, Duration ttl) {
        Optional<CachedMetadata> existing = find(kind, location);
        if (existing.isPresent()) {
            existing.get().refresh(sourceUrl, document, now, ttl);
            return;
        }
        em.persist(new CachedMetadata(kind, location, sourceUrl, document, now, ttl));
    }

    public void evict(Kind kind, String location) {
        find(kind, location).ifPresent(em::remove);
    }

    Optional<CachedMetadata> find(Kind kind, String location) {
        return em.createNamedQuery(CachedMetadata.BY_LOCATION, CachedMetadata.class)
                .setParameter("kind", kind)
                .setParameter("location", location)
                .getResultStream()
                .findFirst();
    }
}
