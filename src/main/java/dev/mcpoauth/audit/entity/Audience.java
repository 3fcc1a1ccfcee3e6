package dev.mcpoauth.audit.entity;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whom an event stream is for: an admin sees every event; a user sees the events of their own
 * connections and of connections shared with a role they held when they subscribed.
 */
public record Audience(String user, boolean admin, Set<String> sharedRoles) {

    public Audience {
        sharedRoles = Set.copyOf(sharedRoles);
    }

    /** {@code sharedRoleOf} tells a connection's shared role, for events that name no user. */
    public boolean sees(AuditEntry entry, Function<String, Optional<String>> sharedRoleOf) {
        if (admin) {
            return true;
        }
        if (entry.subjectUser().isPresent()) {
            return entry.subjectUser().get().equals(user);
        }
        return entry.connectionId().flatMap(sharedRoleOf).map(sharedRoles::contains).orElse(false);
    }
}
