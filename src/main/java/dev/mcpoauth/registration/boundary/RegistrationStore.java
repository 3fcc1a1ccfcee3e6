package dev.mcpoauth.registration.boundary;

import dev.mcpoauth.registration.entity.ClientRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Client registrations in the database; each call its own transaction, never across a network call. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class RegistrationStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    public Optional<ClientRegistration> find(String issuer, String redirectUri) {
        return em.createNamedQuery(ClientRegistration.BY_ISSUER, ClientRegistration.class)
                .setParameter("issuer", issuer)
                .setParameter("redirectUri", redirectUri)
                .getResultStream()
                .findFirst();
    }

    public Optional<ClientRegistration> byId(String id) {
        return Optional.ofNullable(em.find(ClientRegistration.class, id));
    }

    /** Fails on the unique (issuer, redirect URI) constraint when another node registered first. */
    public void add(ClientRegistration registration) {
        em.persist(registration);
    }

    public boolean remove(String issuer, String redirectUri) {
        Optional<ClientRegistration> registration = find(issuer, redirectUri);
        registration.ifPresent(em::remove);
        return registration.isPresent();
    }
}
