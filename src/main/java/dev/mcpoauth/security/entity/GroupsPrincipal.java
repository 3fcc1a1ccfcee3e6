package dev.mcpoauth.security.entity;

import jakarta.security.enterprise.CallerPrincipal;
import java.util.Set;

/**
 * A caller with the groups its identity store found. The container answers
 * {@code isCallerInRole} only for roles the application declares, but a server may be shared
 * with any group (a team), so the broker keeps the groups themselves.
 */
public class GroupsPrincipal extends CallerPrincipal {

    private static final long serialVersionUID = 1L;

    private final Set<String> groups;

    public GroupsPrincipal(String name, Set<String> groups) {
        super(name);
        this.groups = Set.copyOf(groups);
    }

    public Set<String> groups() {
        return groups;
    }
}
