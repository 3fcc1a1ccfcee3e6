package dev.mcpoauth.security.entity;

import java.util.function.Predicate;

/**
 * Who a use case runs for, detached from the request: the stable {@link CallerKey} as {@code name} (what is
 * stored and compared), the name people read, whether an admin, and the role test (roles other than the
 * broker's own may share connections).
 */
public record Identity(String name, String displayName, boolean admin, Predicate<String> inRole) {

    public Identity(String name, boolean admin, Predicate<String> inRole) {
        this(name, CallerKey.displayNameOf(name), admin, inRole);
    }

    public boolean hasRole(String role) {
        return inRole.test(role);
    }

    @Override
    public String toString() {
        return "Identity[" + name + (admin ? ", admin" : "") + "]";
    }
}
