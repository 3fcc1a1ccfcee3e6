package dev.mcpoauth.security.entity;

import java.util.function.Predicate;

/**
 * Who a use case runs for, detached from the request: the name, whether an admin, and the role
 * test (roles other than the broker's own may share connections).
 */
public record Identity(String name, boolean admin, Predicate<String> inRole) {

    public boolean hasRole(String role) {
        return inRole.test(role);
    }

    @Override
    public String toString() {
        return "Identity[" + name + (admin ? ", admin" : "") + "]";
    }
}
