package dev.mcpoauth.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Function;

/** For in-container tests: each call is its own transaction and persistence context. */
@ApplicationScoped
public class Transactions {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Function<EntityManager, T> work) {
        return work.apply(em);
    }
}
